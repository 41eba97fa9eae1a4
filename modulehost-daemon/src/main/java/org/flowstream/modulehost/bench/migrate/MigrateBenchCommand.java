package org.flowstream.modulehost.bench.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowstream.common.bench.BenchOutput;
import org.flowstream.contracts.move.FlowMove;
import org.flowstream.contracts.move.PhasedMove;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flowstream bench migrate}: moving a TCP tracker's connections to another instance under §2.3.3's traffic
 * ({@link MigrationSim}), three ways on the same traffic (same seed) at each state count: the phased move (idle
 * phase, batches, rewire: {@link PhasedMove}), total copy (freeze everything, copy, rewire, resume: {@link
 * FlowMove}) and no state move (rewire only). In-process on a simulated clock; docs/migration.md says what each
 * figure measures.
 */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = "Flow state migration under §2.3.3's traffic: the phased move (idle phase + batches) vs. total"
                + " copy vs. no state move, at 1k/10k/100k states (in-process, simulated clock).")
public final class MigrateBenchCommand implements Callable<Integer> {

    @Option(
            names = "--states",
            split = ",",
            description = "State counts (connections alive when the move starts), default ${DEFAULT-VALUE}.")
    List<Integer> states = List.of(1_000, 10_000, 100_000);

    @Option(names = "--seed", description = "Traffic seed (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
            names = "--long-lived-percent",
            description = "Share of connections that last the whole run, in percent (default ${DEFAULT-VALUE}).")
    double longLivedPercent = 0.5;

    @Option(names = "--gap-ms", description = "Time between a connection's segments (default ${DEFAULT-VALUE}).")
    int gapMs = 50;

    @Option(
            names = "--latency-ms",
            description = "Modelled cost of one control request on the network and through the module host's XML-RPC,"
                    + " on top of its measured CPU time (default ${DEFAULT-VALUE}: FlowMoveTest's four requests took"
                    + " 59 ms).")
    int latencyMs = 15;

    @Option(names = "--batches", description = "Batches of the phased move (default ${DEFAULT-VALUE}).")
    int batches = 8;

    @Option(
            names = "--expiry-threshold-percent",
            description = "The idle phase ends when fewer than this share of its starting states expire per second"
                    + " (default ${DEFAULT-VALUE}).")
    double expiryThresholdPercent = 2;

    @Option(names = "--max-idle-ms", description = "The idle phase's longest duration (default ${DEFAULT-VALUE}).")
    int maxIdleMs = 5_000;

    @Mixin
    BenchOutput output;

    private static final long WARM_UP_NANOS = 2_000_000_000L;
    private static final long AFTER_NANOS = 500_000_000L;

    @Override
    public Integer call() throws Exception {
        if (states.stream().anyMatch(n -> n < 10) || gapMs < 1 || latencyMs < 0 || batches < 1) {
            return output.refuse(
                    "--states must be at least 10 each, --gap-ms and --batches at least 1, --latency-ms 0 or more");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(
                "what",
                "in-process TcpTracker instances on a simulated clock; control requests run for real on the"
                        + " trackers and cost their measured CPU time plus --latency-ms; the real-PM figures are FlowMoveTest's"
                        + " (docs/migration.md)");
        out.put("seed", seed);
        out.put(
                "traffic",
                Map.of(
                        "arrivals",
                        "Poisson, states / 200 ms per second",
                        "durations",
                        "Pareto shape 2, mean 200 ms, min 100 ms",
                        "long_lived_percent",
                        longLivedPercent,
                        "segment_gap_ms",
                        gapMs,
                        "warm_up_ms",
                        WARM_UP_NANOS / 1_000_000));
        out.put("latency_ms_per_control_request", latencyMs);
        List<Object> rows = new ArrayList<>();
        for (int n : states) {
            rows.add(size(n));
        }
        out.put("sizes", rows);
        if (output.json()) {
            output.printJson(out);
        } else {
            output.out()
                    .println(new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(out));
            output.out().flush();
        }
        return 0;
    }

    private Map<String, Object> size(int n) throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("states", n);
        Map<String, Object> phased = phased(n);
        Map<String, Object> total = totalCopy(n);
        Map<String, Object> none = noMove(n);
        row.put("phased_move", phased);
        row.put("total_copy", total);
        row.put("no_state_move", none);
        double downtimeMs = ((Number) total.get("downtime_ms")).doubleValue();
        long p99 = ((Number) phased.get("hold_p99_us")).longValue();
        row.put("hold_p99_over_total_copy_downtime", downtimeMs == 0 ? null : p99 / 1000.0 / downtimeMs);
        // The stricter reading: against the longest wait of a packet total copy processed (packets that arrive
        // while a request runs are counted from when it ends, and overflowed ones not at all).
        long totalHoldMax = ((Number) total.get("hold_max_us")).longValue();
        row.put("hold_p99_over_total_copy_hold_max", totalHoldMax == 0 ? null : (double) p99 / totalHoldMax);
        return row;
    }

    private MigrationSim warmedUp(int n) throws Exception {
        MigrationSim sim = new MigrationSim(seed, n, longLivedPercent / 100, gapMs, latencyMs);
        sim.openLongLived((int) Math.round(n * longLivedPercent / 100));
        sim.runUntil(WARM_UP_NANOS);
        return sim;
    }

    private FlowMove.Instance side(MigrationSim sim, String pm) {
        return new FlowMove.Instance(sim.control(), pm, "t");
    }

    private Map<String, Object> phased(int n) throws Exception {
        MigrationSim sim = warmedUp(n);
        int atStart = sim.statesAtOld();
        sim.warmUpControl();
        PhasedMove.Settings settings =
                new PhasedMove.Settings(batches, expiryThresholdPercent / 100, 50, maxIdleMs, 0, false);
        PhasedMove.Result r = PhasedMove.run(side(sim, "old"), side(sim, "new"), "", sim.rewire(), settings, sim);
        sim.runUntil(sim.nanos() + AFTER_NANOS);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("states_at_start", atStart);
        m.put("total_ms", r.totalMicros() / 1000.0);
        m.put("idle_phase_ms", r.idlePhaseMicros() / 1000.0);
        m.put("copy_ms", r.copyMicros() / 1000.0);
        m.put("rewire_ms", r.rewireMicros() / 1000.0);
        m.put("states_after_idle_phase", r.statesAfterIdlePhase());
        m.put("states_copied", r.statesCopied());
        m.put("packets_buffered", r.packetsHeld());
        m.put("hold_p50_us", r.holdP50Micros());
        m.put("hold_p99_us", r.holdP99Micros());
        m.put("hold_max_us", r.holdMaxMicros());
        m.put(
                "states_left_over_time_ms",
                r.idlePhase().stream()
                        .map(s -> List.of(s.atMillis(), s.statesLeft()))
                        .toList());
        m.put("states_left_at_1s_ratio", leftAt(r.idlePhase(), 1000, r.statesAtStart()));
        m.putAll(outcome(sim));
        return m;
    }

    /** The share of the idle phase's starting states still at the old instance after {@code ms} (or at its end). */
    private static Double leftAt(List<PhasedMove.Sample> samples, long ms, int atStart) {
        PhasedMove.Sample last = null;
        for (PhasedMove.Sample s : samples) {
            if (s.atMillis() <= ms) {
                last = s;
            }
        }
        return last == null || atStart == 0 ? null : (double) last.statesLeft() / atStart;
    }

    private Map<String, Object> totalCopy(int n) throws Exception {
        MigrationSim sim = warmedUp(n);
        int atStart = sim.statesAtOld();
        sim.warmUpControl();
        FlowMove.Result r = FlowMove.run(side(sim, "old"), side(sim, "new"), "", sim.rewire(), 0);
        sim.runUntil(sim.nanos() + AFTER_NANOS);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("states_at_start", atStart);
        m.put("total_ms", r.totalMicros() / 1000.0);
        // Frozen at both instances from the first freeze to the end of the release: the filter's downtime.
        m.put("downtime_ms", r.totalMicros() / 1000.0);
        m.put("states_copied", r.states());
        m.put("packets_buffered", r.processedAtNew()); // handed over by the old instance and held at the new one
        m.put("hold_p50_us", r.holdP50Micros());
        m.put("hold_p99_us", r.holdP99Micros());
        m.put("hold_max_us", r.holdMaxMicros());
        m.putAll(outcome(sim));
        return m;
    }

    private Map<String, Object> noMove(int n) throws Exception {
        MigrationSim sim = warmedUp(n);
        int atStart = sim.statesAtOld();
        sim.rewire().toNew();
        sim.runUntil(sim.nanos() + AFTER_NANOS);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("states_at_start", atStart);
        m.putAll(outcome(sim));
        return m;
    }

    private static Map<String, Object> outcome(MigrationSim sim) {
        MigrationSim.Outcome o = sim.outcome();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connections", o.connections());
        m.put("segments", o.segments());
        m.put("segments_lost", o.lost());
        m.put("broken_connections", o.broken());
        m.put("connections_out_of_order", o.disordered());
        m.put("hold_overflow", sim.holdOverflow());
        return m;
    }
}
