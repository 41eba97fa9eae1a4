package org.flowstream.tasks.openflow;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.openflow.ReconcileSummary;
import org.flowstream.contracts.records.openflow.SwitchListing;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.rules.RuleManager;

/** list_switches(): every switch connected now or holding desired rules, with version, ports and last reconcile. */
public class ListSwitches implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) {
        OpenflowDaemon daemon = ctx.daemon(OpenflowDaemon.class);
        List<SwitchListing> list = new ArrayList<>();
        for (String name : daemon.rules().switchNames()) {
            int desired = daemon.rules().rules(name).size();
            ReconcileSummary last = daemon.rules()
                    .lastReconcile(name)
                    .map(RuleManager.ReconcileReport::toSummary)
                    .orElse(null);
            list.add(daemon.switches()
                    .get(name)
                    .map(sw -> sw.toListing(desired, last))
                    .orElseGet(() -> new SwitchListing(name, null, null, null, false, null, null, desired, last)));
        }
        return ReturnValue.success(list);
    }

    @Override
    public String description() {
        return "list_switches() -> [{name, dpid, version, connected, ports, desired_rules, last_reconcile}]";
    }
}
