package org.flowstream.resource.gateway;

import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.openflow.ConnectionWiring;

/** What the resource daemon asks of the openflow daemon: install and remove an allocation's rules. */
public interface SwitchGateway {

    /** Installs (or re-asserts: the call is idempotent) the rules of one allocation's wiring. */
    void createConnections(String switchName, int tableId, ConnectionWiring wiring);

    /** Passes a low-level call through to the openflow daemon and returns its answer unchanged. */
    ReturnValue relay(String method, Object... params);

    /** Removes every rule of the allocation; removing what is not there succeeds. */
    void deleteConnections(String switchName, int tableId, int allocId);
}
