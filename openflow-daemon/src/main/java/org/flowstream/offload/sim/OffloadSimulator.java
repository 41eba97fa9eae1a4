package org.flowstream.offload.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flowstream.offload.MultiTimescaleStatistics;
import org.flowstream.offload.trace.Trace;

/**
 * Replays a trace once through every strategy and every n at the same time: TFO, LRU, LFU and
 * bin-optimal for each bin size. Reports, over the measured part of the trace (after a warm-up
 * that lets caches fill and long time scales settle), the offloading gain, the packets per second
 * left to the software path, and the churn (rule changes) per second and per window.
 */
public final class OffloadSimulator {

    /**
     * @param capacities         the values of n
     * @param tfoIntervalSeconds how often TFO recomputes its set (its shortest time scale)
     * @param tfoScales          TFO's time scales in intervals, shortest first
     * @param tfoFactor          TFO's swap factor
     * @param binSeconds         bin sizes of the bin-optimal strategy
     * @param warmupSeconds      leading part of the trace that is simulated but not measured
     * @param windowSeconds      window of the per-window medians
     * @param caches             whether to simulate LRU and LFU
     */
    public record Config(
            List<Integer> capacities,
            int tfoIntervalSeconds,
            int[] tfoScales,
            double tfoFactor,
            int[] binSeconds,
            long warmupSeconds,
            int windowSeconds,
            boolean caches) {
        public Config {
            if (capacities.isEmpty()) throw new IllegalArgumentException("at least one n is required");
            if (tfoIntervalSeconds < 1 || windowSeconds < 1)
                throw new IllegalArgumentException("intervals must be >= 1 s");
            if (warmupSeconds < 0) throw new IllegalArgumentException("warm-up must be >= 0");
        }

        /**
         * TFO rounds every 10 s on scales of 30 s, 5 min and 30 min (moving averages over 3, 30 and
         * 180 rounds), factor 2; bin-optimal with 1 s, 10 s and 10 min bins; 10 s windows.
         * The shortest scale smooths over three rounds: on a single round, prefixes near rank n see
         * a packet or two, and a factor-2 test against a removal that saw none always passes.
         */
        public static Config standard(List<Integer> capacities, long warmupSeconds) {
            return new Config(
                    capacities, 10, new int[] {3, 30, 180}, 2.0, new int[] {1, 10, 600}, warmupSeconds, 10, true);
        }
    }

    /**
     * One strategy at one n.
     *
     * @param softwarePpsMedian median over windows, null where the strategy's bins are longer than a window
     */
    public record Result(
            String strategy,
            int n,
            long packets,
            long softwarePackets,
            double offloadGain,
            double softwarePps,
            Double softwarePpsMedian,
            long changes,
            double churnPerSecond,
            double churnPerWindowMedian) {}

    private final Config config;

    public OffloadSimulator(Config config) {
        this.config = config;
    }

    public List<Result> run(Trace trace) {
        return new Run(trace).execute();
    }

    private final class Run {
        final Trace trace;
        final int keys;
        final long duration;
        final long warmup;
        final int windows;
        final long[] totalByWindow;
        final List<PacketStrategy> packetStrategies = new ArrayList<>();
        final List<TfoStrategy> tfo = new ArrayList<>();
        final List<List<BinOptimal>> bins = new ArrayList<>();
        final long[] lastChanges;
        final MultiTimescaleStatistics<Integer> stats;
        final int[] intervalCounts;
        final IntList intervalTouched = new IntList();
        final int[][] binCounts;
        final IntList[] binTouched;
        final long[] binTotal;
        long second;
        long measuredPackets;
        final long[] software; // per strategy, measured
        final List<Strategy> all = new ArrayList<>();

        Run(Trace trace) {
            this.trace = trace;
            keys = trace.keyCount();
            duration = trace.durationSeconds();
            warmup = Math.min(config.warmupSeconds(), Math.max(0, duration - 1));
            windows = (int) Math.max(1, (duration - warmup + config.windowSeconds() - 1) / config.windowSeconds());
            totalByWindow = new long[windows];
            for (int n : config.capacities()) {
                if (config.caches()) {
                    packetStrategies.add(new LruCache(n, keys));
                    packetStrategies.add(new LfuCache(n, keys));
                }
                tfo.add(new TfoStrategy(n, keys, config.tfoFactor()));
            }
            binCounts = new int[config.binSeconds().length][];
            binTouched = new IntList[config.binSeconds().length];
            binTotal = new long[config.binSeconds().length];
            for (int b = 0; b < config.binSeconds().length; b++) {
                List<BinOptimal> l = new ArrayList<>();
                for (int n : config.capacities()) l.add(new BinOptimal(n, keys, config.binSeconds()[b]));
                bins.add(l);
                binCounts[b] = new int[keys];
                binTouched[b] = new IntList();
            }
            all.addAll(tfo);
            all.addAll(packetStrategies);
            bins.forEach(all::addAll);
            for (Strategy s : all) {
                s.softwareByWindow = new long[windows];
                s.changesByWindow = new long[windows];
            }
            for (List<BinOptimal> l : bins) {
                for (BinOptimal b : l)
                    b.perWindowSoftware =
                            b.binSeconds() <= config.windowSeconds() && config.windowSeconds() % b.binSeconds() == 0;
            }
            lastChanges = new long[packetStrategies.size()];
            software = new long[all.size()];
            stats = new MultiTimescaleStatistics<>(config.tfoScales());
            intervalCounts = new int[keys];
        }

        int window(long sec) {
            return (int) Math.min(windows - 1, (sec - warmup) / config.windowSeconds());
        }

        List<Result> execute() {
            int nPacket = packetStrategies.size();
            PacketStrategy[] ps = packetStrategies.toArray(new PacketStrategy[0]);
            TfoStrategy[] ts = tfo.toArray(new TfoStrategy[0]);
            long[] sw = new long[all.size()];
            trace.replay((micros, key, bytes) -> {
                long sec = micros / 1_000_000;
                while (second < sec) endSecond(second++);
                if (intervalCounts[key]++ == 0) intervalTouched.add(key);
                for (int b = 0; b < binCounts.length; b++) {
                    if (binCounts[b][key]++ == 0) binTouched[b].add(key);
                    binTotal[b]++;
                }
                boolean measured = sec >= warmup;
                int w = measured ? window(sec) : -1;
                if (measured) {
                    measuredPackets++;
                    totalByWindow[w]++;
                }
                for (int i = 0; i < ts.length; i++) {
                    if (!ts[i].isOffloaded(key) && measured) {
                        ts[i].softwareByWindow[w]++;
                        sw[i]++;
                    }
                }
                for (int i = 0; i < nPacket; i++) {
                    if (!ps[i].access(key) && measured) {
                        ps[i].softwareByWindow[w]++;
                        sw[ts.length + i]++;
                    }
                }
            });
            while (second < duration) endSecond(second++);
            System.arraycopy(sw, 0, software, 0, ts.length + nPacket);
            return results();
        }

        void endSecond(long sec) {
            boolean measured = sec >= warmup;
            for (int i = 0; i < packetStrategies.size(); i++) {
                PacketStrategy p = packetStrategies.get(i);
                long d = p.changes() - lastChanges[i];
                lastChanges[i] = p.changes();
                if (measured) p.changesByWindow[window(sec)] += d;
            }
            if ((sec + 1) % config.tfoIntervalSeconds() == 0 || sec + 1 == duration) endTfoInterval(sec, measured);
            for (int b = 0; b < binCounts.length; b++) {
                int size = config.binSeconds()[b];
                if ((sec + 1) % size == 0 || sec + 1 == duration) endBin(b, sec + 1 - size, measured);
            }
        }

        void endTfoInterval(long sec, boolean measured) {
            for (int i = 0; i < intervalTouched.size; i++) {
                int k = intervalTouched.data[i];
                stats.add(k, intervalCounts[k]);
                intervalCounts[k] = 0;
            }
            intervalTouched.size = 0;
            stats.endInterval();
            for (TfoStrategy t : tfo) {
                int c = t.endInterval(stats);
                if (measured) t.changesByWindow[window(sec)] += c;
            }
        }

        void endBin(int b, long binStart, boolean endMeasured) {
            IntList touched = binTouched[b];
            int[] counts = binCounts[b];
            long[] packed = new long[touched.size];
            for (int i = 0; i < touched.size; i++) {
                int k = touched.data[i];
                packed[i] = ((long) (Integer.MAX_VALUE - counts[k]) << 32) | k;
            }
            Arrays.sort(packed);
            int[] order = new int[packed.length];
            for (int i = 0; i < packed.length; i++) order[i] = (int) packed[i];
            boolean measured = binStart >= warmup && endMeasured;
            int base = tfo.size() + packetStrategies.size();
            for (int b2 = 0; b2 < b; b2++) base += bins.get(b2).size();
            List<BinOptimal> l = bins.get(b);
            for (int i = 0; i < l.size(); i++) {
                BinOptimal s = l.get(i);
                long[] r = s.endBin(order, order.length, counts, binTotal[b]);
                if (measured) {
                    s.changesByWindow[window(binStart)] += r[0];
                    software[base + i] += r[1];
                    if (s.perWindowSoftware) s.softwareByWindow[window(binStart)] += r[1];
                }
            }
            for (int i = 0; i < touched.size; i++) counts[touched.data[i]] = 0;
            touched.size = 0;
            binTotal[b] = 0;
        }

        List<Result> results() {
            double seconds = Math.max(1, duration - warmup);
            List<Result> out = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                Strategy s = all.get(i);
                long measuredChanges = Arrays.stream(s.changesByWindow).sum();
                Double swMedian = null;
                if (s.perWindowSoftware) swMedian = median(s.softwareByWindow) / config.windowSeconds();
                out.add(new Result(
                        s.name(),
                        s.capacity(),
                        measuredPackets,
                        software[i],
                        measuredPackets == 0 ? 0 : 1 - software[i] / (double) measuredPackets,
                        software[i] / seconds,
                        swMedian,
                        measuredChanges,
                        measuredChanges / seconds,
                        median(s.changesByWindow)));
            }
            return out;
        }
    }

    static double median(long[] v) {
        if (v.length == 0) return 0;
        long[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2.0;
    }

    /** Growable int array. */
    static final class IntList {
        int[] data = new int[1024];
        int size;

        void add(int v) {
            if (size == data.length) data = Arrays.copyOf(data, size * 2);
            data[size++] = v;
        }
    }
}
