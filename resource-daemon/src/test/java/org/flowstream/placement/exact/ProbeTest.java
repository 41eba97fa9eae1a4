package org.flowstream.placement.exact;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.generator.InstanceGenerator;
import org.flowstream.placement.generator.PlacementInstance;
import org.flowstream.placement.solver.PlacementEngine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void probe() {
        String cells = System.getenv("PROBE");
        Assumptions.assumeTrue(cells != null);
        double anneal = Double.parseDouble(System.getenv().getOrDefault("PROBE_ANNEAL", "5"));
        double det = Double.parseDouble(System.getenv().getOrDefault("PROBE_DET", "30"));
        int workers = Integer.parseInt(System.getenv().getOrDefault("PROBE_WORKERS", "2"));
        for (String c : cells.split(",")) {
            String[] p = c.split(":");
            PlacementInstance inst = InstanceGenerator.generate(
                    InstanceGenerator.basicPlatform(100_000_000_000L),
                    Integer.parseInt(p[0]),
                    0,
                    Long.parseLong(p[1]),
                    1024);
            Map<Integer, ServerNode> hint = new HashMap<>();
            if (anneal > 0) {
                var out = PlacementEngine.solve(
                        inst,
                        PlacementEngine.Options.of(Duration.ofMillis((long) (anneal * 1000)), Long.parseLong(p[1])));
                if (out.best() != null) for (ModuleNode pm : out.best().getPms()) hint.put(pm.key(), pm.getServer());
                System.out.printf(
                        "PROBE NS%s seed %s: anneal feasible=%s %s%n",
                        p[0], p[1], out.feasible(), out.rows().get(out.rows().size() - 1));
            }
            long t0 = System.nanoTime();
            var v = ExactPlacementSearch.search(
                    inst.platform(),
                    inst.services(),
                    hint,
                    new ExactPlacementSearch.Limits(det, Duration.ofSeconds(600), workers, 1));
            if (v instanceof ExactPlacementSearch.Verdict.Placement pl) {
                var ledger = new org.flowstream.placement.feasibility.LoadLedger(inst.platform());
                for (var ns : inst.services()) {
                    ledger.register(ns);
                    for (var pm : ns.pms())
                        ledger.assignPm(pm.key(), pl.serverOfPm().get(pm.key()));
                    for (var sk : ns.sinks())
                        ledger.assignSink(sk.key(), sk.getAllowed().get(0));
                }
                System.out.println("PROBE ledger confirms: " + ledger.report(inst.services()));
            }
            String s = v.toString();
            System.out.printf(
                    "PROBE NS%s seed %s: %s (%.2f s)%n",
                    p[0],
                    p[1],
                    s.length() > 400 ? s.substring(0, 200) + "..." + s.substring(s.length() - 200) : s,
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
