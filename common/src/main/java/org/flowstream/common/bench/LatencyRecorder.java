package org.flowstream.common.bench;

import java.util.Arrays;

/** Collects call latencies of one benchmark run and reports throughput and percentiles. */
public final class LatencyRecorder {

    private long[] nanos = new long[1 << 16];
    private int count;

    public synchronized void record(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    public synchronized void merge(LatencyRecorder other) {
        for (int i = 0; i < other.count; i++) {
            record(other.nanos[i]);
        }
    }

    public synchronized int count() {
        return count;
    }

    /** The latency below which {@code percent} of calls finished, in milliseconds. */
    public synchronized double percentileMillis(double percent) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))] / 1e6;
    }
}
