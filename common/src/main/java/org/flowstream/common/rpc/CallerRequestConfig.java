package org.flowstream.common.rpc;

import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;
import org.flowstream.common.auth.Caller;

/** Apache XML-RPC's per-request configuration, carrying the authenticated caller to the method table. */
final class CallerRequestConfig extends XmlRpcHttpRequestConfigImpl {

    private final Caller caller;

    CallerRequestConfig(Caller caller) {
        this.caller = caller;
        setEnabledForExtensions(false); // no ex:serializable, no ex:nil: plain XML-RPC only
        setEnabledForExceptions(false);
    }

    Caller caller() {
        return caller;
    }
}
