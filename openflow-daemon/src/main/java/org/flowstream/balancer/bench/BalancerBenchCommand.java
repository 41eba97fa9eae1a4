package org.flowstream.balancer.bench;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowstream.balancer.BalancerTuning;
import org.flowstream.common.bench.BenchOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowstream bench lb}: the §2.2.7 evaluation of the prefix load balancer. */
@Command(
        name = "lb",
        mixinStandardHelpOptions = true,
        description = "Benchmark prefix load balancing (D3.2 §2.2): prefixes per machine, imbalance and run time "
                + "against the uniform-split baseline of Wang et al.")
public final class BalancerBenchCommand implements Callable<Integer> {

    @Mixin
    BenchOutput output;

    @Option(
            names = "--machines",
            split = ",",
            description = "Machine counts (default: ${DEFAULT-VALUE}).",
            defaultValue = "10,20,50,100,200,500,1000")
    List<Integer> machines;

    @Option(
            names = "--distributions",
            split = ",",
            description = "Traffic distributions (default: ${DEFAULT-VALUE}).",
            defaultValue = "gauss-narrow,gauss-wide,constant,random-uniform,random-sparse,zipf")
    List<String> distributions;

    @Option(
            names = "--max-imbalance",
            defaultValue = "1.1",
            description = "Maximum imbalance (default: ${DEFAULT-VALUE}).")
    double maxImbalance;

    @Option(
            names = "--chunk-threshold",
            defaultValue = "0.2",
            description = "Chunk threshold as a fraction of the average load (default: ${DEFAULT-VALUE}).")
    double chunkThreshold;

    @Option(
            names = "--repetitions",
            defaultValue = "101",
            description = "Timed runs per point; the median is reported.")
    int repetitions;

    @Option(names = "--warmups", defaultValue = "500", description = "Untimed runs per point before timing.")
    int warmups;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the traffic distributions.")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = output.out();
        BalancerTuning config;
        try {
            config = new BalancerTuning(maxImbalance, chunkThreshold, 32);
            if (repetitions < 1 || warmups < 0) throw new IllegalArgumentException("--repetitions must be >= 1");
            for (String d : distributions) {
                if (!TrafficDistributions.NAMES.contains(d)) {
                    throw new IllegalArgumentException(
                            "unknown distribution " + d + "; known: " + TrafficDistributions.NAMES);
                }
            }
            for (int m : machines) if (m < 1) throw new IllegalArgumentException("--machines must be >= 1");
        } catch (IllegalArgumentException e) {
            return output.refuse(e.getMessage());
        }
        List<BalancerBenchmark.Row> rows =
                new BalancerBenchmark(config, warmups, repetitions).run(distributions, machines, seed);
        Map<String, Object> targets = BalancerBenchmark.targets(rows, maxImbalance);
        if (output.json()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("bench", "lb");
            o.put("seed", seed);
            o.put("maxImbalance", maxImbalance);
            o.put("chunkThreshold", chunkThreshold);
            o.put("capacities", "equal");
            o.put("warmups", warmups);
            o.put("repetitions", repetitions);
            o.put("baseline", "uniform split into power-of-two wildcard prefixes (Wang et al.)");
            o.put("results", rows);
            o.put("targets", targets);
            output.printJson(o);
        } else {
            out.printf(
                    "%-15s %8s %9s %10s %9s %9s %11s %14s%n",
                    "distribution",
                    "machines",
                    "pfx/mach",
                    "imbalance",
                    "median-ms",
                    "cpu-ms",
                    "base-pfx/m",
                    "base-imbalance");
            for (BalancerBenchmark.Row r : rows) {
                out.printf(
                        "%-15s %8d %9.2f %10.4f %9.3f %9.3f %11.2f %14.3f%n",
                        r.distribution(),
                        r.machines(),
                        r.prefixesPerMachine(),
                        r.imbalance(),
                        r.medianMillis(),
                        r.medianCpuMillis(),
                        r.baselinePrefixesPerMachine(),
                        r.baselineImbalance());
            }
            targets.forEach((k, v) -> out.println(k + ": " + v));
        }
        out.flush();
        return 0;
    }
}
