package org.flowstream.offload.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowstream.common.bench.BenchOutput;
import org.flowstream.offload.sim.OffloadSimulator;
import org.flowstream.offload.trace.CsvTraceReader;
import org.flowstream.offload.trace.InMemoryTrace;
import org.flowstream.offload.trace.PcapTraceReader;
import org.flowstream.offload.trace.SyntheticZipfTrace;
import org.flowstream.offload.trace.Trace;
import org.flowstream.offload.trace.TraceFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowstream bench tfo}: TFO against LRU, LFU and bin-optimal on a trace (D3.2 §2.4.2, Fig. 2.11). */
@Command(
        name = "tfo",
        mixinStandardHelpOptions = true,
        description =
                "Benchmark traffic-aware flow offloading (TFO) against LRU, LFU and bin-optimal: offloading gain, "
                        + "packets per second left to software and churn, for several numbers n of offloaded prefixes.")
public final class OffloadBenchCommand implements Callable<Integer> {

    @Mixin
    BenchOutput output;

    @Option(
            names = "--n",
            split = ",",
            defaultValue = "100,200,500,1000,2000,5000,10000,18000",
            description = "Numbers of offloaded prefixes (default: ${DEFAULT-VALUE}).")
    List<Integer> capacities;

    @Option(
            names = "--trace",
            description = "Replay this trace instead of the synthetic one: a .pcap/.pcapng file or a "
                    + "CSV of time,destination_prefix,bytes.")
    Path traceFile;

    @Option(names = "--prefix-length", defaultValue = "24", description = "Destination prefix length for pcap traces.")
    int prefixLength;

    @Option(names = "--keys", defaultValue = "100000", description = "Synthetic trace: destination prefixes.")
    int keys;

    @Option(names = "--exponent", defaultValue = "1.2", description = "Synthetic trace: Zipf exponent.")
    double exponent;

    @Option(names = "--pps", defaultValue = "5000", description = "Synthetic trace: mean packets per second.")
    double pps;

    @Option(names = "--duration", defaultValue = "1800", description = "Synthetic trace: length in seconds.")
    long duration;

    @Option(names = "--swaps-per-second", defaultValue = "50", description = "Synthetic trace: rank swaps per second.")
    int swaps;

    @Option(
            names = "--day-amplitude",
            defaultValue = "0.5",
            description = "Synthetic trace: time-of-day swing of the rate.")
    double dayAmplitude;

    @Option(
            names = "--day-period",
            description = "Synthetic trace: period of the swing in seconds (default: the duration).")
    Long dayPeriod;

    @Option(names = "--seed", defaultValue = "1", description = "Synthetic trace: seed.")
    long seed;

    @Option(names = "--warmup", defaultValue = "600", description = "Seconds simulated before measuring.")
    long warmup;

    @Option(names = "--factor", defaultValue = "2.0", description = "TFO swap factor.")
    double factor;

    @Option(names = "--threads", description = "Threads (default: up to 2).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = output.out();
        Trace trace;
        Map<String, Object> traceInfo = new LinkedHashMap<>();
        try {
            for (int n : capacities) if (n < 0) throw new IllegalArgumentException("--n values must be >= 0");
            if (!(factor >= 1)) throw new IllegalArgumentException("--factor must be >= 1");
            if (traceFile != null) {
                String name = traceFile.getFileName().toString().toLowerCase(Locale.ROOT);
                InMemoryTrace t = name.endsWith(".pcap") || name.endsWith(".pcapng") || name.endsWith(".cap")
                        ? PcapTraceReader.read(traceFile, prefixLength)
                        : CsvTraceReader.read(traceFile);
                traceInfo.put("file", traceFile.toString());
                traceInfo.put("packets", t.packetCount());
                trace = t;
            } else {
                long period = dayPeriod != null ? dayPeriod : duration;
                trace = new SyntheticZipfTrace(keys, exponent, pps, duration, swaps, dayAmplitude, period, seed);
                traceInfo.put("synthetic", "zipf");
                traceInfo.put("keys", keys);
                traceInfo.put("exponent", exponent);
                traceInfo.put("meanPps", pps);
                traceInfo.put("swapsPerSecond", swaps);
                traceInfo.put("dayAmplitude", dayAmplitude);
                traceInfo.put("dayPeriodSeconds", period);
                traceInfo.put("seed", seed);
            }
            traceInfo.put("durationSeconds", trace.durationSeconds());
            traceInfo.put("prefixes", trace.keyCount());
        } catch (IllegalArgumentException | TraceFormatException e) {
            return output.refuse(e.getMessage());
        }
        OffloadSimulator.Config config = OffloadSimulator.Config.standard(capacities, warmup);
        config = new OffloadSimulator.Config(
                config.capacities(),
                config.tfoIntervalSeconds(),
                config.tfoScales(),
                factor,
                config.binSeconds(),
                config.warmupSeconds(),
                config.windowSeconds(),
                config.caches());
        int t = threads != null ? threads : Math.min(2, Runtime.getRuntime().availableProcessors());
        long t0 = System.nanoTime();
        List<OffloadSimulator.Result> rs = OffloadBenchmark.run(trace, config, t);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> targets = OffloadBenchmark.targets(rs);
        if (output.json()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("bench", "tfo");
            o.put("trace", traceInfo);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("tfoIntervalSeconds", config.tfoIntervalSeconds());
            c.put("tfoScalesIntervals", config.tfoScales());
            c.put("tfoFactor", config.tfoFactor());
            c.put("binOptimalBinSeconds", config.binSeconds());
            c.put("warmupSeconds", config.warmupSeconds());
            c.put("windowSeconds", config.windowSeconds());
            o.put("config", c);
            o.put("results", rs);
            o.put("targets", targets);
            o.put("runSeconds", seconds);
            output.printJson(o);
        } else {
            out.printf(
                    "%-18s %6s %8s %12s %12s %12s%n",
                    "strategy", "n", "gain", "software-pps", "churn/s", "churn/10s-med");
            for (OffloadSimulator.Result r : rs) {
                out.printf(
                        "%-18s %6d %8.4f %12.1f %12.2f %12.1f%n",
                        r.strategy(),
                        r.n(),
                        r.offloadGain(),
                        r.softwarePps(),
                        r.churnPerSecond(),
                        r.churnPerWindowMedian());
            }
            targets.forEach((k, v) -> out.println(k + ": " + v));
            out.printf("run seconds: %.1f%n", seconds);
        }
        out.flush();
        return 0;
    }
}
