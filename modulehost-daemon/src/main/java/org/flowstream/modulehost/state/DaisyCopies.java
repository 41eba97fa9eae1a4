package org.flowstream.modulehost.state;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.modulehost.runtime.Packet;

/**
 * The old instance's copies of the packets it daisy-chained to another PM, until that PM acknowledges each (docs/
 * migration.md, "Nothing lost when the new instance dies"). The new instance acknowledges a packet just before what
 * processing it made leaves; if it dies, the packets it never acknowledged are the ones it never processed (or whose
 * output never left), and an aborted move's release processes them here, in the order they were daisy-chained,
 * before anything held here.
 *
 * <p>Each packet gets the next sequence number, which travels in its tag and comes back in the acknowledgement.
 * The copies are bounded ({@link #CAPACITY_BYTES}): beyond that the oldest copy is dropped and counted (a packet
 * that could then be lost if the new instance died).
 */
final class DaisyCopies {

    /** The most bytes of packets kept at once: a PM's heap is small (half its memory limit, 64 MB at 128 MB). */
    static final long CAPACITY_BYTES = 8L << 20;

    /** A copy: the input the packet came in on, the packet, its flow and when it was daisy-chained. */
    record Copy(int port, Packet packet, FlowKey flow, long atNanos) {}

    private final long capacityBytes;
    private final Map<Integer, Copy> unacknowledged = new LinkedHashMap<>();
    private int nextSequence;
    private long bytes;
    private long acknowledged;
    private long replayed;
    private long dropped;
    private volatile long lastAcknowledgedNanos;

    DaisyCopies() {
        this(CAPACITY_BYTES);
    }

    DaisyCopies(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    /** Keeps a copy of a packet about to be daisy-chained; returns its sequence number. */
    synchronized int keep(int port, Packet packet, FlowKey flow, long nowNanos) {
        int sequence = nextSequence++;
        unacknowledged.put(sequence, new Copy(port, packet, flow, nowNanos));
        bytes += packet.length();
        for (Iterator<Copy> oldest = unacknowledged.values().iterator(); bytes > capacityBytes && oldest.hasNext(); ) {
            bytes -= oldest.next().packet().length();
            oldest.remove();
            dropped++;
        }
        return sequence;
    }

    /** The other PM processed these packets: their copies go (an unknown number, e.g. a late duplicate, is ignored). */
    synchronized void acknowledged(int[] sequences, long nowNanos) {
        for (int sequence : sequences) {
            Copy copy = unacknowledged.remove(sequence);
            if (copy != null) {
                bytes -= copy.packet().length();
                acknowledged++;
            }
        }
        lastAcknowledgedNanos = nowNanos;
    }

    /** When the last acknowledgement arrived (the gate's clock), 0 before any. */
    long lastAcknowledgedNanos() {
        return lastAcknowledgedNanos;
    }

    /** Whether any copy waits for its acknowledgement. */
    synchronized boolean waiting() {
        return !unacknowledged.isEmpty();
    }

    /** Whether a copy of a packet of the filter waits for its acknowledgement. */
    synchronized boolean anyOf(FlowFilter filter) {
        return unacknowledged.values().stream().anyMatch(c -> filter.matches(c.flow()));
    }

    /** Takes the unacknowledged copies of the filter, in the order they were daisy-chained, to process them here. */
    synchronized List<Copy> takeForReplay(FlowFilter filter) {
        List<Copy> taken = remove(filter);
        replayed += taken.size();
        return taken;
    }

    /** Forgets the filter's copies: the move went through, the new instance serves the filter. */
    synchronized void forget(FlowFilter filter) {
        remove(filter);
    }

    private List<Copy> remove(FlowFilter filter) {
        List<Copy> taken = new ArrayList<>();
        for (Iterator<Copy> it = unacknowledged.values().iterator(); it.hasNext(); ) {
            Copy copy = it.next();
            if (filter.matches(copy.flow())) {
                taken.add(copy);
                bytes -= copy.packet().length();
                it.remove();
            }
        }
        return taken;
    }

    /** The counters, for the gate's stats. */
    synchronized void addStats(Map<String, Object> stats) {
        stats.put("daisy_unacknowledged", unacknowledged.size());
        stats.put("daisy_acknowledged", acknowledged);
        stats.put("daisy_replayed", replayed);
        stats.put("daisy_copies_dropped", dropped);
    }
}
