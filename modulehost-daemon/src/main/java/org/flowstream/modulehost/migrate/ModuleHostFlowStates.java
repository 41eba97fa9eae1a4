package org.flowstream.modulehost.migrate;

import java.util.Map;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;

/** {@link FlowStates} through a module host daemon's pm_flows method, over XML-RPC. */
public final class ModuleHostFlowStates implements FlowStates {

    private final DaemonClient moduleHost;

    public ModuleHostFlowStates(DaemonClient moduleHost) {
        this.moduleHost = moduleHost;
    }

    @Override
    public Object call(Map<String, Object> request) {
        ReturnValue answer = moduleHost.call("pm_flows", request);
        if (!answer.isSuccess()) {
            throw new IllegalStateException(answer.message());
        }
        return answer.value();
    }
}
