package org.flowstream.modulehost.migrate;

import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.move.PmFlows;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PmFlowsRequest;

/** {@link PmFlows} through a module host daemon's pm_flows method, over XML-RPC. */
public final class ModuleHostFlowStates implements PmFlows {

    private final DaemonClient moduleHost;

    public ModuleHostFlowStates(DaemonClient moduleHost) {
        this.moduleHost = moduleHost;
    }

    @Override
    public Object call(PmFlowsRequest request) {
        ReturnValue answer = moduleHost.call("pm_flows", Structs.toStruct(request));
        if (!answer.isSuccess()) {
            throw new IllegalStateException(answer.message());
        }
        return request.readAnswer(answer.value());
    }
}
