package org.flowstream.tasks.openflow;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.channel.SwitchConnection;

/** reconcile([switch]): reads the switch's flow table and brings it in line with the desired rules (every connected switch when none is named). */
public class Reconcile implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) throws Exception {
        OpenflowDaemon daemon = ctx.daemon(OpenflowDaemon.class);
        List<String> names = new ArrayList<>();
        if (param == null
                || (param instanceof Object[] a && a.length == 0)
                || (param instanceof List<?> l && l.isEmpty())) {
            daemon.switches().connected().stream().map(SwitchConnection::name).forEach(names::add);
        } else {
            names.add(Params.string(Params.list(param, 1, "switch").get(0), "switch"));
        }
        List<Object> reports = new ArrayList<>();
        for (String name : names) {
            reports.add(daemon.rules().reconcile(name).toSummary());
        }
        return ReturnValue.success("reconciled " + String.join(", ", names), reports);
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }

    @Override
    public String description() {
        return "reconcile([switch]) -> [{switch, desired, unchanged, added, removed, foreign_kept, millis}]; operators only";
    }
}
