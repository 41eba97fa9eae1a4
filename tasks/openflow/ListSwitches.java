package org.flowstream.tasks.openflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.channel.SwitchConnection;

/** list_switches(): every switch connected now or holding desired rules, with version, ports and last reconcile. */
public class ListSwitches implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) {
        OpenflowDaemon daemon = ctx.daemon(OpenflowDaemon.class);
        List<Object> list = new ArrayList<>();
        for (String name : daemon.rules().switchNames()) {
            Map<String, Object> s = daemon.switches()
                    .get(name)
                    .map(SwitchConnection::toStruct)
                    .orElseGet(() -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", name);
                        m.put("connected", false);
                        return m;
                    });
            s.put("desired_rules", daemon.rules().rules(name).size());
            daemon.rules().lastReconcile(name).ifPresent(r -> s.put("last_reconcile", r.toStruct()));
            list.add(s);
        }
        return ReturnValue.success(list);
    }

    @Override
    public String description() {
        return "list_switches() -> [{name, dpid, version, connected, ports, desired_rules, last_reconcile}]";
    }
}
