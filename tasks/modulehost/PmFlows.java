package org.flowstream.tasks.modulehost;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PmFlowsRequest;
import org.flowstream.modulehost.ModuleHostDaemon;
import org.flowstream.modulehost.control.PmControlClient;
import org.flowstream.modulehost.pm.PmInstance;
import org.flowstream.modulehost.pm.PmState;

/**
 * pm_flows({pm, op, element, filter, states, packets, quiet_ms}): one request on a running PM's control channel
 * (docs/migration.md): list, export, import or delete the per-flow state of one of its stateful elements, freeze
 * a filter's packets, hand them over or release them. The PM keeps running; a refused request changes nothing.
 * The request and the PM's answers are the contract records ({@link PmFlowsRequest}), read strictly both ways.
 */
public class PmFlows implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        PmFlowsRequest request = Structs.fromStruct(param, PmFlowsRequest.class);
        String name = request.pm();
        ModuleHostDaemon daemon = context.daemon(ModuleHostDaemon.class);
        PmInstance pm = daemon.pms().get(name);
        if (pm == null || pm.state() != PmState.RUNNING) {
            throw new BadParameterException(
                    pm == null
                            ? "no PM named '%s' on this host (list_pms shows them)".formatted(name)
                            : "PM '%s' is %s, not running"
                                    .formatted(name, pm.state().wireName()));
        }
        try {
            PmControlClient channel = daemon.pms().controlChannel(name);
            Map<String, Object> toPm = new LinkedHashMap<>(Structs.toStruct(request));
            toPm.remove("pm"); // the PM knows who it is
            Object value = request.readAnswer(channel.call(toPm));
            return ReturnValue.success("%s on PM %s done".formatted(request.op(), name), value);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("PM %s: %s".formatted(name, e.getMessage()));
        } catch (IOException e) {
            throw new BadParameterException(
                    "PM %s does not answer on its control channel (%s); was it started before control channels?"
                            .formatted(name, e.getMessage()));
        }
    }

    @Override
    public Role requiredRole() {
        return Role.SERVICE;
    }

    @Override
    public String description() {
        return "pm_flows({pm, op, element, filter, states, packets, quiet_ms}) -> the PM's answer; op: elements, "
                + "export, import, delete, count, take, reserve, global, daisy, accept_daisy, end_daisy, freeze, await, hand_over, "
                + "release "
                + "(docs/migration.md)";
    }
}
