package org.flowstream.common.rpc;

import org.flowstream.contracts.records.WireValues;

/**
 * Turns Java values into the types plain XML-RPC can carry, so that any client (Python's xmlrpc.client
 * included) can read every answer without the Apache extensions. The rules live with the message records in
 * {@link WireValues}; this is the name the daemons' XML-RPC plumbing knows them by.
 */
public final class XmlRpcValues {

    private XmlRpcValues() {}

    public static Object toWire(Object value) {
        return WireValues.toWire(value);
    }
}
