package org.flowstream.resource.scaleout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.monitoring.HostSummary;
import org.flowstream.contracts.records.monitoring.PlatformSummary;
import org.flowstream.contracts.records.monitoring.PmSummary;
import org.flowstream.contracts.records.resource.PlacedPm;

/**
 * A group's instance loads from the monitoring daemon's summary (report_stats): each instance's CPU use per second
 * over the last polls ({@code cpu_per_second}, CPU seconds a second) over the cores its request gave the PM. CPU is
 * the measure because it is what an instance runs out of first (a PM is one JVM on its host's cores), and the one
 * the placement engine reserved.
 */
public final class GroupLoads {

    /** The measured instances, and how many of the group's instances the summary does not cover. */
    public record Measured(List<InstanceLoad> loads, int unmeasured) {}

    private GroupLoads() {}

    /**
     * @param instances the group's running instances (their host and instance name)
     * @param cpuCores the cores each instance was given (the PM's cpu in the request)
     */
    public static Measured measure(PlatformSummary summary, List<PlacedPm> instances, double cpuCores) {
        if (!(cpuCores > 0)) {
            throw new IllegalArgumentException("a group's instances need cores to measure against, got " + cpuCores);
        }
        Map<PlacedPm.Key, PmSummary> reported = new HashMap<>();
        for (HostSummary host : summary.hosts()) {
            if (host.up() && host.pms() != null) {
                host.pms().forEach(pm -> reported.put(new PlacedPm.Key(host.name(), pm.name()), pm));
            }
        }
        List<InstanceLoad> loads = new ArrayList<>();
        int unmeasured = 0;
        for (PlacedPm instance : instances) {
            PmSummary pm = reported.get(instance.key());
            if (pm == null) {
                unmeasured++;
            } else {
                loads.add(new InstanceLoad(instance.host(), instance.instance(), pm.cpuPerSecond() / cpuCores));
            }
        }
        return new Measured(List.copyOf(loads), unmeasured);
    }
}
