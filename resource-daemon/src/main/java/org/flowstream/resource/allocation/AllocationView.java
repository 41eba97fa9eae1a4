package org.flowstream.resource.allocation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How an allocation is shown to callers over XML-RPC (plain structs, so any client reads it). */
public final class AllocationView {

    private AllocationView() {}

    /** get_allocation's value: state, reason, placement and the started PMs with their switch ports. */
    public static Map<String, Object> of(Allocation a) {
        Map<String, Object> view = summary(a);
        view.put("placement", a.placement());
        List<Map<String, Object>> pms = a.instances().stream()
                .map(i -> {
                    Map<String, Object> pm = new LinkedHashMap<>();
                    pm.put("pm", i.pm());
                    pm.put("host", i.host());
                    pm.put("instance", i.instance());
                    pm.put("switch_ports", i.ports());
                    return pm;
                })
                .toList();
        view.put("pms", pms);
        view.put("rules_installed", a.wired());
        view.put("request", a.request());
        return view;
    }

    /** list_allocations' rows. */
    public static Map<String, Object> summary(Allocation a) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", a.id());
        view.put("tenant", a.tenant());
        view.put("state", a.state().name().toLowerCase());
        view.put("reason", a.reason());
        view.put("cpu_cores", a.cpuCores());
        view.put("memory_mb", a.memoryMb());
        view.put("created_ms", (double) a.createdMillis());
        view.put("updated_ms", (double) a.updatedMillis());
        return view;
    }
}
