package org.flowstream.placement.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceGraphBuilder;
import org.flowstream.placement.domain.Units;
import org.flowstream.placement.generator.InstanceGenerator;
import org.flowstream.placement.generator.ServiceTemplate;
import org.junit.jupiter.api.Test;

class OnlinePlacerTest {
    private final Platform platform = InstanceGenerator.hierarchicalPlatform("small", 2, 2, 2, 4, 2, 10 * Units.GBPS);

    private ServiceGraph chain(OnlinePlacer placer, String id, int cpu, long mem, int bound) {
        ServiceGraphBuilder b = placer.newService(id, "chain");
        b.source("in", platform.ioNodes().get(0));
        b.pm("a", cpu, mem);
        b.pm("b", cpu, mem);
        b.sink("out", platform.ioNodes());
        b.link("in", "a", 100 * Units.BITS_PER_MBPS);
        b.link("a", "b", 100 * Units.BITS_PER_MBPS);
        b.link("b", "out", 100 * Units.BITS_PER_MBPS);
        if (bound > 0) b.delayBound(bound, List.of("in", "a", "b", "out"));
        return b.build();
    }

    @Test
    void placesAServiceAndNamesServersAndIoNodes() {
        OnlinePlacer placer = new OnlinePlacer(platform);
        PlacementResult r = placer.place(chain(placer, "web", 200, 500, 12));
        assertThat(r.placed()).isTrue();
        assertThat(r.pmServers()).containsOnlyKeys("a", "b");
        assertThat(r.sinkIoNodes()).containsOnlyKeys("out");
        assertThat(platform.server(r.pmServers().get("a"))).isNotNull();
        assertThat(r.reason()).isNull();
        assertThat(placer.violations().total()).isZero();
    }

    @Test
    void runningServicesStayWhereTheyAre() {
        OnlinePlacer placer = new OnlinePlacer(platform);
        PlacementResult first = placer.place(chain(placer, "one", 200, 500, 0));
        for (int i = 0; i < 5; i++)
            assertThat(placer.place(chain(placer, "s" + i, 200, 500, 0)).placed())
                    .isTrue();
        assertThat(placer.placementOf("one").orElseThrow().pmServers()).isEqualTo(first.pmServers());
    }

    @Test
    void aFullPlatformRejectsWithAReasonAndRemovingFreesCapacity() {
        OnlinePlacer placer = new OnlinePlacer(platform, new OnlinePlacer.Options(8, Duration.ZERO));
        // 8 servers of 8 cores: 16 services of 2 x 2 cores fill all CPU.
        for (int i = 0; i < 16; i++)
            assertThat(placer.place(chain(placer, "s" + i, 200, 100, 0)).placed())
                    .as("service %d", i)
                    .isTrue();
        PlacementResult rejected = placer.place(chain(placer, "late", 200, 100, 0));
        assertThat(rejected.placed()).isFalse();
        assertThat(rejected.reason().constraint()).isEqualTo("cpu");
        assertThat(rejected.reason().message()).contains("4.00 cores").contains("0.00 are free");
        assertThat(placer.serviceCount()).isEqualTo(16);
        placer.remove("s3");
        assertThat(placer.place(chain(placer, "late", 200, 100, 0)).placed()).isTrue();
        assertThat(placer.violations().total()).isZero();
    }

    @Test
    void fragmentedCapacityIsExplainedPerResource() {
        OnlinePlacer placer = new OnlinePlacer(platform, new OnlinePlacer.Options(8, Duration.ZERO));
        for (int i = 0; i < 8; i++)
            assertThat(placer.place(chain(placer, "s" + i, 100, 900, 0)).placed())
                    .isTrue();
        // Every server has 2048 - 1800 = 248 MB left: 8 x 248 MB free in total but no server takes 300.
        PlacementResult r = placer.place(chain(placer, "big", 100, 300, 0));
        assertThat(r.placed()).isFalse();
        assertThat(r.reason().constraint()).isEqualTo("memory");
        assertThat(r.reason().reason()).contains("300 MB").contains("248 MB");
    }

    /** The round robin's window is one rack here; the only rack with room lies outside it. */
    @Test
    void aRackOutsideTheWindowIsStillTried() {
        OnlinePlacer placer = new OnlinePlacer(platform, new OnlinePlacer.Options(1, Duration.ZERO));
        // Rack 0 (servers 0 and 1) is full: 8 cores taken on each.
        placer.adopt(
                chain(placer, "full-0", 400, 100, 0),
                java.util.Map.of(
                        "a",
                        platform.servers().get(0).name(),
                        "b",
                        platform.servers().get(0).name()));
        placer.adopt(
                chain(placer, "full-1", 400, 100, 0),
                java.util.Map.of(
                        "a",
                        platform.servers().get(1).name(),
                        "b",
                        platform.servers().get(1).name()));
        PlacementResult r = placer.place(chain(placer, "new", 200, 100, 0));
        assertThat(r.placed()).as("reason: %s", r.reason()).isTrue();
        assertThat(platform.server(r.pmServers().get("a")).rack()).isNotZero();
    }

    /**
     * Rejections after a best-effort placement: the constraint named is the one of the first thing
     * broken, whose numbers the message quotes (it used to be the last kind checked, delay, even when
     * the numbers were an overloaded link's).
     */
    @Test
    void aRejectionNamesTheConstraintWhoseNumbersItGives() {
        OnlinePlacer placer = new OnlinePlacer(platform, new OnlinePlacer.Options(8, Duration.ZERO));
        SplittableRandom random = new SplittableRandom(3);
        int explained = 0;
        for (int i = 0; i < 60; i++) {
            ServiceGraph ns = InstanceGenerator.instantiate(
                    ServiceTemplate.TABLE_3_1.get(i % 4), "g" + i, platform, 12, random, placer.keyCounter(), 1024);
            PlacementResult r = placer.place(ns);
            if (r.placed() || !r.reason().reason().contains("least violating")) continue;
            explained++;
            String first = r.details().get(0);
            assertThat(r.reason().reason()).contains(first);
            String expected = first.startsWith("CPU")
                    ? "cpu"
                    : first.startsWith("memory") ? "memory" : first.startsWith("delay") ? "delay" : "bandwidth";
            assertThat(r.reason().constraint()).as("%s", r.reason().message()).isEqualTo(expected);
        }
        assertThat(explained)
                .as("some requests were rejected after a best-effort placement")
                .isPositive();
        assertThat(placer.violations().total()).isZero();
    }

    @Test
    void anImpossibleDelayBoundIsRejectedAtOnce() {
        OnlinePlacer placer = new OnlinePlacer(platform);
        PlacementResult r = placer.place(chain(placer, "fast", 100, 100, 5));
        assertThat(r.placed()).isFalse();
        assertThat(r.reason().constraint()).isEqualTo("delay");
    }

    @Test
    void withMovesAllowedTheSolverMakesRoom() {
        OnlinePlacer placer = new OnlinePlacer(platform, new OnlinePlacer.Options(8, Duration.ofSeconds(5)));
        // Each server keeps 300 MB free except when a 1700 MB PM sits alone: room exists only after moving.
        for (int i = 0; i < 8; i++)
            assertThat(placer.place(chain(placer, "s" + i, 100, 900, 0)).placed())
                    .isTrue();
        placer.remove("s0");
        placer.remove("s1");
        ServiceGraph big = chain(placer, "big", 100, 1100, 0);
        PlacementResult r = placer.place(big, true);
        assertThat(r.placed()).isTrue();
        assertThat(placer.violations().total()).isZero();
    }

    @Test
    void adoptedServicesCountAgainstCapacityWhereTheyRun() {
        OnlinePlacer placer = new OnlinePlacer(platform, new OnlinePlacer.Options(8, Duration.ZERO));
        String server = platform.servers().get(0).name();
        placer.adopt(chain(placer, "old", 400, 100, 0), java.util.Map.of("a", server, "b", server));
        assertThat(placer.placementOf("old").orElseThrow().pmServers()).containsEntry("a", server);
        PlacementResult r = placer.place(chain(placer, "new", 100, 100, 0));
        assertThat(r.placed()).isTrue();
        assertThat(r.pmServers().values()).doesNotContain(server); // that server's 8 cores are taken
        assertThatThrownBy(() -> placer.adopt(
                        chain(placer, "ghost", 100, 100, 0), java.util.Map.of("a", "nowhere", "b", server)))
                .hasMessageContaining("nowhere");
    }

    @Test
    void placingTheSameServiceTwiceIsAnError() {
        OnlinePlacer placer = new OnlinePlacer(platform);
        ServiceGraph ns = chain(placer, "dup", 100, 100, 0);
        placer.place(ns);
        assertThatThrownBy(() -> placer.place(ns)).hasMessageContaining("already placed");
    }

    @Test
    void generatedServicesFillTheLargeTemplateMix() {
        OnlinePlacer placer = new OnlinePlacer(platform);
        SplittableRandom random = new SplittableRandom(1);
        int placed = 0;
        for (int i = 0; i < 8; i++) {
            ServiceGraph ns = InstanceGenerator.instantiate(
                    ServiceTemplate.TABLE_3_1.get(i % 4), "g" + i, platform, 14, random, placer.keyCounter(), 128);
            if (placer.place(ns).placed()) placed++;
        }
        assertThat(placed).isGreaterThan(3);
        assertThat(placer.violations().total()).isZero();
    }
}
