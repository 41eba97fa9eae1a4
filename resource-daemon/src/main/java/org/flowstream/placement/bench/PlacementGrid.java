package org.flowstream.placement.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.feasibility.ViolationReport;
import org.flowstream.placement.generator.InstanceGenerator;
import org.flowstream.placement.generator.InstanceJson;
import org.flowstream.placement.generator.PlacementInstance;
import org.flowstream.placement.solver.PlacementEngine;
import org.flowstream.placement.solver.SearchProgress;

/**
 * The grids of issue 17: every cell is one generated instance solved once, and ends FEASIBLE (the
 * ledger confirms a placement without violation), INFEASIBLE (a bound, in words) or UNDECIDED (time
 * limit reached with violations left). One row per cell, then a summary: how many are decided and
 * the median time to decide.
 */
final class PlacementGrid {
    /** One cell of a grid: what was solved and how it ended. */
    record Cell(
            int packetBytes,
            int services,
            int delayBound,
            long seed,
            String verdict,
            String detail,
            double seconds,
            long repairMoves,
            double cpuSeconds,
            List<SearchProgress.Point> progress) {
        boolean decided() {
            return !verdict.equals("UNDECIDED");
        }

        String name() {
            return "NS" + services + (delayBound > 0 ? "-D" + delayBound : "");
        }
    }

    /** The axes: services x delay bounds x seeds x packet sizes. */
    record Axes(List<Integer> services, List<Integer> delayBounds, List<Long> seeds, List<Integer> packetBytes) {}

    static final Axes BASIC = new Axes(List.of(40, 44, 48, 52), List.of(0), seeds(1, 10), List.of(1024, 128));
    static final Axes LARGE = new Axes(
            List.of(4000, 6000, 8000, 10000, 12000), List.of(10, 12, 13, 16, 20), List.of(1L), List.of(1024, 128));

    private final Platform platform;
    private final Duration timeLimit;
    private final Path saveDirectory;
    private final PrintWriter out;
    private final boolean table;

    /**
     * @param saveDirectory where each cell's instance is written as JSON (null: nowhere)
     * @param table         print one line per cell as it ends (false: JSON only)
     */
    PlacementGrid(Platform platform, Duration timeLimit, Path saveDirectory, PrintWriter out, boolean table) {
        this.platform = platform;
        this.timeLimit = timeLimit;
        this.saveDirectory = saveDirectory;
        this.out = out;
        this.table = table;
    }

    static List<Long> seeds(long from, long to) {
        List<Long> seeds = new ArrayList<>();
        for (long s = from; s <= to; s++) seeds.add(s);
        return seeds;
    }

    List<Cell> run(Axes axes) throws IOException {
        if (saveDirectory != null) Files.createDirectories(saveDirectory);
        List<Cell> cells = new ArrayList<>();
        if (table)
            out.printf(
                    "%-6s %-12s %4s  %-10s %9s %8s %11s  %s%n",
                    "packet", "instance", "seed", "verdict", "time (s)", "cpu (s)", "moves", "why");
        for (int bytes : axes.packetBytes()) {
            for (int n : axes.services()) {
                for (int d : axes.delayBounds()) {
                    for (long seed : axes.seeds()) {
                        Cell cell = solve(bytes, n, d, seed);
                        cells.add(cell);
                        if (table) {
                            out.printf(
                                    "%-6s %-12s %4d  %-10s %9.3f %8.3f %11d  %s%n",
                                    bytes + "B",
                                    cell.name(),
                                    seed,
                                    cell.verdict(),
                                    cell.seconds(),
                                    cell.cpuSeconds(),
                                    cell.repairMoves(),
                                    cell.detail());
                            out.flush();
                        }
                    }
                }
            }
        }
        return cells;
    }

    private Cell solve(int bytes, int n, int d, long seed) throws IOException {
        PlacementInstance instance = InstanceGenerator.generate(platform, n, d, seed, bytes);
        if (saveDirectory != null) {
            InstanceJson.write(
                    instance,
                    saveDirectory.resolve(String.format(
                            "%s-NS%d%s-seed%d-%dB.json", platform.name(), n, d > 0 ? "-D" + d : "", seed, bytes)));
        }
        PlacementEngine.Outcome o = PlacementEngine.solve(instance, PlacementEngine.Options.of(timeLimit, seed));
        if (o.provenInfeasible().isPresent())
            return new Cell(
                    bytes,
                    n,
                    d,
                    seed,
                    "INFEASIBLE",
                    o.provenInfeasible().get().message(),
                    o.seconds(),
                    0,
                    o.cpuSeconds(),
                    o.progress());
        if (o.feasible())
            return new Cell(
                    bytes,
                    n,
                    d,
                    seed,
                    "FEASIBLE",
                    "ledger: 0 violations",
                    o.seconds(),
                    o.repairMoves(),
                    o.cpuSeconds(),
                    o.progress());
        ViolationReport best = o.rows().get(o.rows().size() - 1).violations();
        return new Cell(
                bytes,
                n,
                d,
                seed,
                "UNDECIDED",
                String.format(
                        "best %d (cpu %d, mem %d, bandwidth %d, delay %d)%s",
                        best.total(),
                        best.cpu(),
                        best.memory(),
                        best.bandwidth(),
                        best.delay(),
                        // Where the last violations sit tells which bound or move could close the cell.
                        o.explanation().isEmpty()
                                ? ""
                                : "; worst: " + o.explanation().get(0)),
                o.seconds(),
                o.repairMoves(),
                o.cpuSeconds(),
                o.progress());
    }

    /** The summary line's figures. */
    static Map<String, Object> summary(List<Cell> cells) {
        List<Double> decideTimes =
                cells.stream().filter(Cell::decided).map(Cell::seconds).sorted().toList();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("cells", cells.size());
        s.put(
                "feasible",
                cells.stream().filter(c -> c.verdict().equals("FEASIBLE")).count());
        s.put(
                "infeasible",
                cells.stream().filter(c -> c.verdict().equals("INFEASIBLE")).count());
        s.put("undecided", cells.stream().filter(c -> !c.decided()).count());
        s.put("medianDecideSeconds", decideTimes.isEmpty() ? null : round(median(decideTimes)));
        s.put("maxDecideSeconds", decideTimes.isEmpty() ? null : round(decideTimes.get(decideTimes.size() - 1)));
        return s;
    }

    static String summaryLine(List<Cell> cells, Duration timeLimit) {
        Map<String, Object> s = summary(cells);
        List<String> open = cells.stream()
                .filter(c -> !c.decided())
                .map(c -> c.packetBytes() + "B " + c.name() + " seed " + c.seed())
                .toList();
        return String.format(
                "summary: %d cells, %d decided (%d feasible, %d infeasible), %d undecided at %.0f s%s; median time to decide %s s, max %s s",
                cells.size(),
                cells.size() - (long) s.get("undecided"),
                s.get("feasible"),
                s.get("infeasible"),
                s.get("undecided"),
                timeLimit.toMillis() / 1000.0,
                open.isEmpty() ? "" : " " + open,
                s.get("medianDecideSeconds"),
                s.get("maxDecideSeconds"));
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
