package org.flowstream.resource.gateway;

import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.DaemonUnreachableException;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.openflow.ConnectionWiring;

/** The openflow daemon reached over XML-RPC (the "openflow" peer entry). */
public final class XmlRpcSwitch implements SwitchGateway {

    private final DaemonClient client;

    public XmlRpcSwitch(DaemonConfig.Peer peer) {
        this.client = DaemonClient.of(peer);
    }

    private void call(String method, Object... params) {
        try {
            ReturnValue answer = client.call(method, params);
            if (answer.isFailure()) {
                throw new GatewayException("the openflow daemon refused %s: %s".formatted(method, answer.message()));
            }
        } catch (DaemonUnreachableException e) {
            throw new PeerUnreachableException("the openflow daemon: " + e.getMessage(), e);
        }
    }

    @Override
    public ReturnValue relay(String method, Object... params) {
        try {
            return client.call(method, params);
        } catch (DaemonUnreachableException e) {
            return ReturnValue.failure("the openflow daemon: " + e.getMessage());
        }
    }

    @Override
    public void createConnections(String switchName, int tableId, ConnectionWiring wiring) {
        call("create_connections", switchName, tableId, wiring);
    }

    @Override
    public void deleteConnections(String switchName, int tableId, int allocId) {
        call("delete_connections", switchName, tableId, allocId); // the id alone: delete_connections needs no more
    }
}
