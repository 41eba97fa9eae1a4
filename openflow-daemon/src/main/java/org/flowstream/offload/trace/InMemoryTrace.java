package org.flowstream.offload.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A trace held in arrays, as read from a file. Built with {@link Builder}; times are shifted to start at 0. */
public final class InMemoryTrace implements Trace {

    private final long[] times;
    private final int[] keys;
    private final int[] bytes;
    private final List<String> names;

    private InMemoryTrace(long[] times, int[] keys, int[] bytes, List<String> names) {
        this.times = times;
        this.keys = keys;
        this.bytes = bytes;
        this.names = names;
    }

    public int packetCount() {
        return times.length;
    }

    @Override
    public int keyCount() {
        return names.size();
    }

    @Override
    public long durationSeconds() {
        return times.length == 0 ? 0 : times[times.length - 1] / 1_000_000 + 1;
    }

    @Override
    public String keyName(int key) {
        return names.get(key);
    }

    @Override
    public void replay(PacketSink sink) {
        for (int i = 0; i < times.length; i++) sink.packet(times[i], keys[i], bytes[i]);
    }

    /** Collects packets (in any order; they are sorted by time) and names keys densely. */
    public static final class Builder {
        private long[] times = new long[1024];
        private int[] keys = new int[1024];
        private int[] bytes = new int[1024];
        private int n;
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> names = new ArrayList<>();

        public Builder add(long timeMicros, String key, int size) {
            if (n == times.length) {
                times = Arrays.copyOf(times, n * 2);
                keys = Arrays.copyOf(keys, n * 2);
                bytes = Arrays.copyOf(bytes, n * 2);
            }
            Integer id = ids.get(key);
            if (id == null) {
                id = names.size();
                ids.put(key, id);
                names.add(key);
            }
            times[n] = timeMicros;
            keys[n] = id;
            bytes[n++] = size;
            return this;
        }

        public InMemoryTrace build() {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) order[i] = i;
            long[] t = times;
            boolean sorted = true;
            for (int i = 1; i < n && sorted; i++) sorted = t[i] >= t[i - 1];
            if (!sorted) Arrays.sort(order, (a, b) -> Long.compare(t[a], t[b]));
            long start = n == 0 ? 0 : t[order[0]];
            long[] ot = new long[n];
            int[] ok = new int[n];
            int[] ob = new int[n];
            for (int i = 0; i < n; i++) {
                ot[i] = t[order[i]] - start;
                ok[i] = keys[order[i]];
                ob[i] = bytes[order[i]];
            }
            return new InMemoryTrace(ot, ok, ob, List.copyOf(names));
        }
    }
}
