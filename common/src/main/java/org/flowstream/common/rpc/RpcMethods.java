package org.flowstream.common.rpc;

import java.util.List;
import org.flowstream.common.auth.Caller;

/** What an XML-RPC endpoint serves: a daemon answers every method by name for an authenticated caller. */
public interface RpcMethods {

    /** Answers one call; the result must already be in XML-RPC types (a ReturnValue struct, usually). */
    Object call(String method, List<Object> params, Caller caller);

    /** The names system.listMethods reports. */
    List<String> methodNames();

    /** Who may call at all (HTTP basic credentials are checked against these). */
    org.flowstream.common.auth.Accounts accounts();
}
