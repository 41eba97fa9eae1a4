package org.flowstream.resource.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.monitoring.HostSummary;
import org.flowstream.contracts.records.monitoring.PlatformSummary;
import org.flowstream.contracts.records.monitoring.PmSummary;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.junit.jupiter.api.Test;

/** A group's loads from the monitoring daemon's summary: CPU per second over the cores each instance was given. */
class GroupLoadsTest {

    private static PmSummary pm(String name, double cpuPerSecond) {
        return new PmSummary(name, "running", 10, 1 << 20, 0, 0, 0, 0, 100, 100, 0, 0, cpuPerSecond);
    }

    private static HostSummary host(String name, boolean up, List<PmSummary> pms) {
        return new HostSummary(name, "http://" + name, up, 0, 0, "", "", up, up, 2.0, 0.5, 4096L, 2048L, pms);
    }

    private static PlacedPm instance(String host, String name) {
        return new PlacedPm("nat", host, name, Map.of("p0", 3, "p1", 4));
    }

    @Test
    void eachInstanceIsItsCpuPerSecondOverItsCoresAndUnreportedOnesAreCounted() {
        PlatformSummary summary = new PlatformSummary(
                "monitoring",
                "now",
                List.of(
                        host("mh1", true, List.of(pm("nat-1", 0.2), pm("other", 1.0))),
                        host("mh2", true, List.of(pm("nat-2", 0.05))),
                        host("mh3", false, List.of(pm("nat-3", 0.5)))), // down: its figures are stale
                List.of("mh3"),
                null,
                List.of(),
                List.of());

        GroupLoads.Measured measured = GroupLoads.measure(
                summary,
                List.of(
                        instance("mh1", "nat-1"),
                        instance("mh2", "nat-2"),
                        instance("mh3", "nat-3"),
                        instance("mh2", "nat-4")),
                0.25);

        assertThat(measured.loads())
                .containsExactly(new InstanceLoad("mh1", "nat-1", 0.8), new InstanceLoad("mh2", "nat-2", 0.2));
        assertThat(measured.unmeasured()).isEqualTo(2);
        assertThatThrownBy(() -> GroupLoads.measure(summary, List.of(), 0))
                .hasMessageContaining("need cores to measure against");
    }
}
