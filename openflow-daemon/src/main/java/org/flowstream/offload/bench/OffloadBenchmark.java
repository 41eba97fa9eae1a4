package org.flowstream.offload.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flowstream.offload.sim.OffloadSimulator;
import org.flowstream.offload.trace.Trace;

/**
 * Runs the §2.4.2 comparison on one trace, spreading the values of n over threads (each thread
 * replays the trace itself), and checks the targets of issue 7 on the results.
 */
public final class OffloadBenchmark {
    private OffloadBenchmark() {}

    public static List<OffloadSimulator.Result> run(Trace trace, OffloadSimulator.Config config, int threads)
            throws Exception {
        List<Integer> ns = config.capacities();
        int t = Math.max(1, Math.min(threads, ns.size()));
        List<OffloadSimulator.Result> all = new ArrayList<>();
        if (t == 1) {
            all.addAll(new OffloadSimulator(config).run(trace));
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(t);
            try {
                List<Future<List<OffloadSimulator.Result>>> fs = new ArrayList<>();
                for (int i = 0; i < t; i++) {
                    List<Integer> part = new ArrayList<>();
                    for (int j = i; j < ns.size(); j += t) part.add(ns.get(j));
                    OffloadSimulator.Config c = new OffloadSimulator.Config(
                            part,
                            config.tfoIntervalSeconds(),
                            config.tfoScales(),
                            config.tfoFactor(),
                            config.binSeconds(),
                            config.warmupSeconds(),
                            config.windowSeconds(),
                            config.caches());
                    fs.add(pool.submit(() -> new OffloadSimulator(c).run(trace)));
                }
                for (Future<List<OffloadSimulator.Result>> f : fs) all.addAll(f.get());
            } finally {
                pool.shutdownNow();
            }
        }
        all.sort(Comparator.comparing(OffloadSimulator.Result::strategy).thenComparingInt(OffloadSimulator.Result::n));
        return all;
    }

    static OffloadSimulator.Result find(List<OffloadSimulator.Result> rs, String strategy, int n) {
        for (OffloadSimulator.Result r : rs) if (r.strategy().equals(strategy) && r.n() == n) return r;
        return null;
    }

    /** The targets: at n = 2000 against 10 s bin-optimal, and TFO against LRU/LFU below n = 10000. */
    public static Map<String, Object> targets(List<OffloadSimulator.Result> rs) {
        Map<String, Object> m = new LinkedHashMap<>();
        OffloadSimulator.Result tfo = find(rs, "TFO", 2000);
        OffloadSimulator.Result bin = find(rs, "bin-optimal-10s", 2000);
        if (tfo != null && bin != null) {
            double churnRatio = bin.churnPerSecond() == 0 ? Double.NaN : tfo.churnPerSecond() / bin.churnPerSecond();
            double swRatio = bin.softwarePps() == 0 ? Double.NaN : tfo.softwarePps() / bin.softwarePps();
            m.put("n2000ChurnTfoOverBinOptimal10s", churnRatio);
            m.put("n2000ChurnAtMostATenth", churnRatio <= 0.1);
            m.put("n2000SoftwarePpsTfoOverBinOptimal10s", swRatio);
            m.put("n2000SoftwareAtMost1.5x", swRatio <= 1.5);
        }
        boolean below = true;
        boolean any = false;
        for (OffloadSimulator.Result r : rs) {
            if (!r.strategy().equals("TFO") || r.n() >= 10000) continue;
            for (String other : List.of("LRU", "LFU")) {
                OffloadSimulator.Result o = find(rs, other, r.n());
                if (o == null) continue;
                any = true;
                below &= r.churnPerSecond() < o.churnPerSecond();
            }
        }
        if (any) m.put("tfoChurnsLessThanLruAndLfuBelow10000", below);
        return m;
    }
}
