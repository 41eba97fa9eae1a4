package org.flowstream.placement.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.flowstream.common.bench.BenchOutput;
import org.flowstream.placement.domain.PlacementObjective;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.Units;
import org.flowstream.placement.feasibility.ViolationReport;
import org.flowstream.placement.generator.InstanceGenerator;
import org.flowstream.placement.generator.InstanceJson;
import org.flowstream.placement.generator.PlacementInstance;
import org.flowstream.placement.generator.ServiceTemplate;
import org.flowstream.placement.online.OnlinePlacer;
import org.flowstream.placement.online.PlacementResult;
import org.flowstream.placement.solver.PlacementEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowstream bench placement}: the experiments of §3.2.4 on generated instances, printed as
 * the rows of Tables 3.2-3.6 (plus the paper's time for the same instance where it reports one, as
 * the baseline), or with {@code --online} the latency of placing one service into a loaded platform.
 */
@Command(
        name = "placement",
        mixinStandardHelpOptions = true,
        description = "Placement benchmark: offline instances of section 3.2.4, or online placement latency.")
public final class PlacementBenchCommand implements Callable<Integer> {
    /** Seconds to a feasible solution reported in §3.2.4 (text of 3.2.4.1 and Tables 3.2-3.6). */
    private static final Map<String, Double> PAPER_SECONDS = Map.of(
            "basic-NS44",
            0.79,
            "basic-NS48",
            1.68,
            "large-NS4000-D13",
            595.373,
            "large-NS4000-D12",
            798.077,
            "large-NS4000-D14",
            515.3,
            "large-NS6000-D13",
            906.168,
            "large-NS8000-D13",
            1350.95,
            "large-NS10000-D12",
            2087.29,
            "large-NS10000-D13",
            1768.03);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--platform",
            defaultValue = "basic",
            description = "basic (1 ToR, 40 servers) or large (500 ToRs, 10000 servers)")
    String platform;

    @Option(names = "--services", description = "number of network services (default 44 basic, 4000 large)")
    Integer services;

    @Option(
            names = "--delay-bound",
            description = "delay bound of every service's bounded path (default: none on basic, 13 on large)")
    Integer delayBound;

    @Option(
            names = "--time-limit",
            description = "seconds the search may run (default 60; with --grid 10 basic, 120 large)")
    Double timeLimitOption;

    double timeLimit;

    @Option(names = "--seed", defaultValue = "1", description = "instance and solver seed")
    long seed;

    @Option(
            names = "--io-link-gbps",
            defaultValue = "100",
            description = "bandwidth of I/O node links (see docs/placement.md)")
    long ioLinkGbps;

    @Option(
            names = "--packet-bytes",
            description = "packet size turning Table 3.1's pps into bandwidth (default 1024; see docs/placement.md)")
    Integer packetBytesOption;

    int packetBytes;

    @Option(
            names = "--grid",
            description =
                    "basic: services {40,44,48,52} x seeds 1-10 x packet bytes {1024,128}; large: services {4000..12000} x delay bounds {10,12,13,16,20} x both sizes, seed 1. "
                            + "--services, --delay-bound, --packet-bytes and --seeds narrow an axis; --save-instance names a directory")
    String grid;

    @Option(
            names = "--plot",
            description =
                    "draw total violations over time (log axis) of the run, or of every searched grid cell, into this PNG")
    java.nio.file.Path plot;

    @Option(names = "--seeds", description = "with --grid: seeds FROM-TO (default 1-10 basic, 1-1 large)")
    String seeds;

    @Option(
            names = "--warmup",
            description =
                    "offline: solve this many smaller instances first so the JIT is warm (default 3 basic, 0 large); online: unmeasured requests first (default 200)")
    Integer warmup;

    @Option(
            names = "--instance",
            description = "solve this instance file (JSON, see docs/placement.md) instead of generating one")
    java.nio.file.Path instanceFile;

    @Option(names = "--save-instance", description = "write the generated instance to this JSON file")
    java.nio.file.Path saveInstance;

    @Mixin
    BenchOutput output;

    @Option(
            names = "--online",
            description = "measure placing one 7-PM service into a platform already running --services services")
    boolean online;

    @Option(
            names = "--requests",
            defaultValue = "1000",
            description = "online: number of services to place (each removed again after)")
    int requests;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = output.out();
        packetBytes = packetBytesOption != null ? packetBytesOption : 1024;
        if (grid != null) return grid(out);
        timeLimit = timeLimitOption != null ? timeLimitOption : 60;
        Platform p = switch (platform) {
            case "basic" -> InstanceGenerator.basicPlatform(ioLinkGbps * Units.GBPS);
            case "large" -> InstanceGenerator.largePlatform(ioLinkGbps * Units.GBPS);
            default ->
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--platform must be basic or large, not " + platform);
        };
        boolean large = platform.equals("large");
        int n = services != null ? services : online ? 8000 : large ? 4000 : 44;
        int d = delayBound != null ? delayBound : large ? 13 : 0;
        Map<String, Object> result = online ? online(p, n, d, out) : offline(p, large, n, d, out);
        if (json()) {
            output.printJson(result);
        }
        out.flush();
        return 0;
    }

    private Map<String, Object> offline(Platform p, boolean large, int n, int d, PrintWriter out) {
        int warm = warmup != null ? warmup : large ? 0 : 3;
        for (int i = 0; i < warm; i++) {
            PlacementEngine.solve(
                    InstanceGenerator.generate(p, Math.max(4, n * 9 / 10), d, seed + 1000 + i, packetBytes),
                    new PlacementEngine.Options(
                            Duration.ofSeconds(5), seed, PlacementObjective.TOTAL_DELAY, true, List.of(), 50));
        }
        PlacementInstance instance;
        try {
            instance = instanceFile != null
                    ? InstanceJson.read(instanceFile)
                    : InstanceGenerator.generate(p, n, d, seed, packetBytes);
            if (saveInstance != null) InstanceJson.write(instance, saveInstance);
        } catch (java.io.IOException e) {
            throw new picocli.CommandLine.ExecutionException(
                    spec.commandLine(), "cannot read or write instance file: " + e.getMessage(), e);
        }
        if (instanceFile != null) n = instance.services().size();
        String name = instanceFile != null ? instanceFile.getFileName().toString() : "NS" + n + (d > 0 ? "-D" + d : "");
        List<Duration> checkpoints = new ArrayList<>();
        for (double f : new double[] {0.25, 0.5}) checkpoints.add(Duration.ofMillis((long) (timeLimit * f * 1000)));
        PlacementEngine.Options options = new PlacementEngine.Options(
                Duration.ofMillis((long) (timeLimit * 1000)),
                seed,
                PlacementObjective.TOTAL_DELAY,
                true,
                checkpoints,
                50);
        PlacementEngine.Outcome outcome = PlacementEngine.solve(instance, options);
        Double paper = PAPER_SECONDS.get(platform + "-" + name);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bench", "placement");
        json.put("platform", platform);
        json.put("instance", name);
        json.put("services", n);
        json.put("pms", instance.pmCount());
        json.put("delayBound", d);
        json.put("seed", seed);
        json.put("packetBytes", packetBytes);
        json.put("ioLinkGbps", ioLinkGbps);
        json.put("timeLimitSeconds", timeLimit);
        json.put("warmupRuns", warm);
        json.put("heapMaxMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        List<Map<String, Object>> rows = new ArrayList<>();
        if (!json()) {
            out.printf(
                    "%-14s %6s %9s %8s %8s %9s %6s %9s  %s%n",
                    "Instance", "#PM", "total", "cpu", "mem", "bandwidth", "delay", "time (s)", "search");
        }
        for (PlacementEngine.Row row : outcome.rows()) {
            ViolationReport v = row.violations();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("search", row.search());
            r.put("total", v.total());
            r.put("cpu", v.cpu());
            r.put("mem", v.memory());
            r.put("bandwidth", v.bandwidth());
            r.put("delay", v.delay());
            r.put("seconds", round(row.seconds()));
            rows.add(r);
            if (!json()) {
                out.printf(
                        "%-14s %6d %9d %8d %8d %9d %6d %9.3f  %s%n",
                        name,
                        instance.pmCount(),
                        v.total(),
                        v.cpu(),
                        v.memory(),
                        v.bandwidth(),
                        v.delay(),
                        row.seconds(),
                        row.search());
            }
        }
        json.put("rows", rows);
        if (plot != null) {
            ProgressPlot chart = new ProgressPlot();
            chart.add(platform + " " + name + " seed " + seed + " " + packetBytes + "B", outcome.progress());
            writePlot(chart, "total violations of the best placement (" + platform + " " + name + ")", out);
        }
        json.put("feasible", outcome.feasible());
        json.put("provenInfeasible", outcome.provenInfeasible().isPresent());
        outcome.provenInfeasible().ifPresent(r -> json.put("reason", r.message()));
        if (!outcome.feasible() && outcome.provenInfeasible().isEmpty()) json.put("violations", outcome.explanation());
        json.put("seconds", round(outcome.seconds()));
        json.put("repairMoves", outcome.repairMoves());
        json.put("cpuSeconds", round(outcome.cpuSeconds()));
        if (paper != null) {
            json.put("paperSeconds", paper);
            // A ratio only means something when both found a feasible placement.
            if (outcome.feasible()) json.put("speedupVsPaper", round(paper / Math.max(outcome.seconds(), 1e-6)));
        }
        if (!json()) {
            if (outcome.provenInfeasible().isPresent()) {
                out.printf(
                        "result: INFEASIBLE, proven in %.3f s without search: %s%n",
                        outcome.seconds(), outcome.provenInfeasible().get().message());
            } else if (outcome.feasible()) {
                out.printf(
                        "result: feasible in %.3f s%s%n",
                        outcome.seconds(),
                        paper == null
                                ? ""
                                : String.format(
                                        " (paper: %.2f s, %.1fx)", paper, paper / Math.max(outcome.seconds(), 1e-6)));
            } else {
                out.printf("result: no feasible placement found in %.1f s; worst violations:%n", timeLimit);
                for (String s : outcome.explanation()) out.println("  " + s);
            }
            out.printf(
                    "repair moves evaluated: %d (the search's effort, the same on any machine) in %.3f CPU s of the process%n",
                    outcome.repairMoves(), outcome.cpuSeconds());
            out.printf(
                    "heap max %d MB, warm-up runs %d (machine shared with other builds)%n",
                    Runtime.getRuntime().maxMemory() / (1024 * 1024), warm);
        }
        return json;
    }

    private boolean json() {
        return output.json();
    }

    private Integer grid(PrintWriter out) throws Exception {
        PlacementGrid.Axes axes = switch (grid) {
            case "basic" -> PlacementGrid.BASIC;
            case "large" -> PlacementGrid.LARGE;
            default ->
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--grid must be basic or large, not " + grid);
        };
        platform = grid;
        axes = new PlacementGrid.Axes(
                services != null ? List.of(services) : axes.services(),
                delayBound != null ? List.of(delayBound) : axes.delayBounds(),
                seeds != null ? seedRange(seeds) : axes.seeds(),
                packetBytesOption != null ? List.of(packetBytesOption) : axes.packetBytes());
        Duration limit = Duration.ofMillis(
                (long) ((timeLimitOption != null ? timeLimitOption : grid.equals("large") ? 120 : 10) * 1000));
        Platform p = grid.equals("large")
                ? InstanceGenerator.largePlatform(ioLinkGbps * Units.GBPS)
                : InstanceGenerator.basicPlatform(ioLinkGbps * Units.GBPS);
        int warm = warmup != null ? warmup : grid.equals("large") ? 0 : 3;
        for (int i = 0; i < warm; i++) {
            // JIT warm-up on instances outside the grid (other seeds), with a short limit.
            PlacementEngine.solve(
                    InstanceGenerator.generate(
                            p,
                            axes.services().get(0) * 9 / 10,
                            axes.delayBounds().get(0),
                            1000 + i,
                            axes.packetBytes().get(0)),
                    PlacementEngine.Options.of(Duration.ofSeconds(2), 1000 + i));
        }
        PlacementGrid runner = new PlacementGrid(p, limit, saveInstance, out, !json());
        List<PlacementGrid.Cell> cells = runner.run(axes);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("bench", "placement-grid");
        result.put("grid", grid);
        result.put("timeLimitSeconds", limit.toMillis() / 1000.0);
        result.put("ioLinkGbps", ioLinkGbps);
        result.put("warmupRuns", warm);
        result.put("heapMaxMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        result.put("peakRssMb", peakRssMb());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PlacementGrid.Cell c : cells) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("packetBytes", c.packetBytes());
            r.put("instance", c.name());
            r.put("seed", c.seed());
            r.put("verdict", c.verdict());
            r.put("detail", c.detail());
            r.put("seconds", round(c.seconds()));
            r.put("repairMoves", c.repairMoves());
            r.put("cpuSeconds", round(c.cpuSeconds()));
            rows.add(r);
        }
        result.put("cells", rows);
        if (plot != null) {
            ProgressPlot chart = new ProgressPlot();
            for (PlacementGrid.Cell c : cells)
                chart.add(c.packetBytes() + "B " + c.name() + " seed " + c.seed() + " " + c.verdict(), c.progress());
            writePlot(
                    chart,
                    "grid " + grid + ": total violations of the best placement, " + limit.toMillis() / 1000.0
                            + " s limit",
                    out);
        }
        result.put("summary", PlacementGrid.summary(cells));
        if (json()) {
            output.printJson(result);
        } else {
            out.println(PlacementGrid.summaryLine(cells, limit));
            out.printf(
                    "heap max %d MB, peak RSS %s MB, warm-up runs %d (machine shared with other builds)%n",
                    Runtime.getRuntime().maxMemory() / (1024 * 1024), peakRssMb(), warm);
        }
        out.flush();
        return 0;
    }

    private void writePlot(ProgressPlot chart, String title, PrintWriter out) {
        if (chart.isEmpty()) {
            if (!json()) out.println("plot: nothing to draw (every instance was answered by a bound, without search)");
            return;
        }
        try {
            chart.write(plot, title);
            if (!json()) out.println("plot written to " + plot);
        } catch (java.io.IOException e) {
            throw new picocli.CommandLine.ExecutionException(
                    spec.commandLine(), "cannot write the plot " + plot + ": " + e.getMessage(), e);
        }
    }

    private List<Long> seedRange(String range) {
        String[] parts = range.split("-", 2);
        try {
            long from = Long.parseLong(parts[0].trim());
            long to = parts.length > 1 ? Long.parseLong(parts[1].trim()) : from;
            if (to < from) throw new NumberFormatException();
            return PlacementGrid.seeds(from, to);
        } catch (NumberFormatException e) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--seeds must be FROM-TO with FROM <= TO (e.g. 1-10), not " + range);
        }
    }

    /** Peak resident memory of this JVM (VmHWM), or null where /proc is not there. */
    private static Long peakRssMb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    private Map<String, Object> online(Platform p, int n, int d, PrintWriter out) {
        long t0 = System.nanoTime();
        OnlinePlacer placer = new OnlinePlacer(p, new OnlinePlacer.Options(64, Duration.ZERO));
        SplittableRandom random = new SplittableRandom(seed);
        int rejected = 0;
        Map<String, Integer> loadingReasons = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            ServiceTemplate t = ServiceTemplate.TABLE_3_1.get(i % 4);
            ServiceGraph ns = InstanceGenerator.instantiate(t, "ns-" + i, p, d, random, keysOf(placer), packetBytes);
            PlacementResult r = placer.place(ns);
            if (!r.placed()) {
                rejected++;
                loadingReasons.merge(r.reason().constraint(), 1, Integer::sum);
            }
        }
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        int warm = warmup != null ? warmup : 200;
        long[] micros = new long[requests];
        int failures = 0;
        Map<String, Integer> requestReasons = new java.util.TreeMap<>();
        String example = null;
        for (int i = -warm; i < requests; i++) {
            ServiceGraph ns = InstanceGenerator.instantiate(
                    ServiceTemplate.LOAD_BALANCING, "new-" + i, p, d, random, keysOf(placer), packetBytes);
            long s = System.nanoTime();
            PlacementResult r = placer.place(ns);
            long e = System.nanoTime();
            if (i >= 0) {
                micros[i] = (e - s) / 1000;
                if (!r.placed()) {
                    failures++;
                    requestReasons.merge(r.reason().constraint(), 1, Integer::sum);
                    if (example == null) example = r.reason().message();
                }
            }
            placer.remove(ns.id());
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        double p50 = sorted[(int) (0.50 * (sorted.length - 1))] / 1000.0;
        double p99 = sorted[(int) (0.99 * (sorted.length - 1))] / 1000.0;
        double max = sorted[sorted.length - 1] / 1000.0;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("bench", "placement-online");
        report.put("platform", platform);
        report.put("runningServices", placer.serviceCount());
        report.put("rejectedWhileLoading", rejected);
        report.put("loadSeconds", round(loadSeconds));
        report.put("delayBound", d);
        report.put("requests", requests);
        report.put("pmsPerRequest", ServiceTemplate.LOAD_BALANCING.pmNames().size());
        report.put("failures", failures);
        report.put("rejectedWhileLoadingByReason", loadingReasons);
        report.put("failuresByReason", requestReasons);
        if (example != null) report.put("exampleRejection", example);
        report.put("p50Ms", p50);
        report.put("p99Ms", p99);
        report.put("maxMs", max);
        report.put("targetP99Ms", 50);
        report.put("violationsOfRunning", placer.violations().total());
        if (!json()) {
            out.printf(
                    "loaded %d services (%d rejected) on %s in %.2f s; violations of running services: %d%n",
                    placer.serviceCount(),
                    rejected,
                    platform,
                    loadSeconds,
                    placer.violations().total());
            out.printf(
                    "placed %d new 7-PM services one at a time (each removed again): p50 %.3f ms, p99 %.3f ms, max %.3f ms, %d not placed (target p99 <= 50 ms)%n",
                    requests, p50, p99, max, failures);
            out.printf(
                    "rejected while loading, by constraint: %s; requests not placed, by constraint: %s%n",
                    loadingReasons, requestReasons);
            if (example != null) out.println("first rejection: " + example);
        }
        return report;
    }

    /** The generator takes keys from the placer so the new services never clash with running ones. */
    private static java.util.concurrent.atomic.AtomicInteger keysOf(OnlinePlacer placer) {
        return placer.keyCounter();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
