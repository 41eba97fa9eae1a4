package org.flowstream.placement.exact;

import java.time.Duration;
import org.flowstream.placement.generator.InstanceGenerator;
import org.flowstream.placement.generator.PlacementInstance;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void probe() {
        String cells = System.getenv().getOrDefault("PROBE", "40:1");
        double limit = Double.parseDouble(System.getenv().getOrDefault("PROBE_LIMIT", "60"));
        int workers = Integer.parseInt(System.getenv().getOrDefault("PROBE_WORKERS", "1"));
        int bytes = Integer.parseInt(System.getenv().getOrDefault("PROBE_BYTES", "1024"));
        for (String c : cells.split(",")) {
            String[] p = c.split(":");
            PlacementInstance inst = InstanceGenerator.generate(
                    InstanceGenerator.basicPlatform(100_000_000_000L),
                    Integer.parseInt(p[0]),
                    0,
                    Long.parseLong(p[1]),
                    bytes);
            long t0 = System.nanoTime();
            var v = ServerPackingSearch.search(
                    inst.platform(),
                    inst.services(),
                    new ServerPackingSearch.Limits(Duration.ofMillis((long) (limit * 1000)), 1e9, workers, 1));
            System.out.printf("PROBE NS%s seed %s: %s (%.2f s)%n", p[0], p[1], v, (System.nanoTime() - t0) / 1e9);
        }
    }
}
