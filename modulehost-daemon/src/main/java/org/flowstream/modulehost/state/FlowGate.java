package org.flowstream.modulehost.state;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.flowstream.modulehost.runtime.Packet;

/**
 * The door every packet of a {@link StatefulElement} goes through, and the packet side of a state move (§2.3.2's
 * freeze-and-copy). While a filter is frozen, packets of the flows it selects are held here, in arrival order,
 * instead of touching their state; the state can then be copied without changing underneath. The held packets
 * either leave with the state ({@link #handOver}: the old instance gives them up, the new one processes them
 * first) or are processed here after all ({@link #release}: the new instance's side, or an aborted move).
 *
 * <p>Processing runs under a read lock and every freeze, release and hand-over under the write lock: a packet
 * that was being processed when a filter froze has finished before the state is exported, and a packet released
 * from the hold is processed before any packet that arrives after it.
 */
public final class FlowGate {

    /** What processing a packet means for the element: its own push logic, past the gate. */
    @FunctionalInterface
    public interface Processor {
        void process(int port, Packet packet);
    }

    /**
     * A packet waiting for its state: the input it came in on, the flow it belongs to and when it was held. The
     * packet keeps its buffer (virtio header included, so an offloaded TCP segment stays one).
     */
    public record HeldPacket(int port, Packet packet, FlowKey flow, long heldAtNanos) {}

    /** The most packets held at once; beyond that a packet is dropped and counted (hold_overflow). */
    public static final int CAPACITY = 200_000;

    /**
     * Released packets leave in batches this big, one batch per millisecond (8,000 packets/s): a whole hold sent
     * back to back overflows Open vSwitch's receive socket on the PM's port when its thread is not scheduled
     * for a while (measured on a busy 2-core machine: bursts of ~2,000 frames at 32,000 packets/s lost about
     * half of them in the userspace datapath).
     */
    static final int RELEASE_BATCH = 8;

    /** After this many paced batches (10 s) the rest is released at once: arrivals outpace the pacing. */
    static final int MAX_PACED_ROUNDS = 10_000;

    private final StatefulElement element;
    private final Processor processor;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<FlowFilter> frozen = new CopyOnWriteArrayList<>();
    private final ArrayDeque<HeldPacket> held = new ArrayDeque<>();
    private volatile long lastHeldNanos;
    private final LongAdder heldTotal = new LongAdder();
    private final LongAdder overflow = new LongAdder();

    public FlowGate(StatefulElement element, Processor processor) {
        this.element = element;
        this.processor = processor;
    }

    /** Processes the packet, or holds it if it belongs to a frozen flow. */
    public void push(int port, Packet packet) {
        lock.readLock().lock();
        try {
            if (!frozen.isEmpty() && hold(port, packet)) {
                return;
            }
            processor.process(port, packet);
        } finally {
            lock.readLock().unlock();
        }
    }

    private boolean hold(int port, Packet packet) {
        FlowKey key = element.flowOf(port, packet);
        if (key == null || !isFrozen(key)) {
            return false;
        }
        long now = System.nanoTime();
        synchronized (held) {
            if (held.size() >= CAPACITY) {
                overflow.increment();
                return true;
            }
            held.add(new HeldPacket(port, packet, key, now));
        }
        lastHeldNanos = now;
        heldTotal.increment();
        return true;
    }

    /** Whether the flow is frozen: its state must not change (expiry timers check this too). */
    public boolean isFrozen(FlowKey key) {
        for (FlowFilter f : frozen) {
            if (f.matches(key)) {
                return true;
            }
        }
        return false;
    }

    /** From now on, packets of the flows the filter selects wait here; returns once none is being processed. */
    public void freeze(FlowFilter filter) {
        lock.writeLock().lock();
        try {
            frozen.add(filter);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Runs {@code work} (an export, an import, a delete) with no packet being processed meanwhile, so it sees and
     * leaves the element's state whole.
     */
    public <T> T exclusively(java.util.function.Supplier<T> work) {
        lock.writeLock().lock();
        try {
            return work.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Waits until no packet of the filter has been held for {@code quietMillis} (the packets the switch had
     * already sent here have arrived), then takes the held packets of the filter away, deletes the filter's state
     * and unfreezes it: the old instance's last step of a move. The packets come back in arrival order.
     */
    public List<HeldPacket> handOver(FlowFilter filter, long quietMillis) throws InterruptedException {
        awaitQuiet(quietMillis);
        lock.writeLock().lock();
        try {
            List<HeldPacket> taken = take(filter);
            element.deleteFlows(filter);
            frozen.remove(filter);
            return taken;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void awaitQuiet(long quietMillis) throws InterruptedException {
        long quiet = quietMillis * 1_000_000L;
        while (System.nanoTime() - lastHeldNanos < quiet) {
            Thread.sleep(Math.max(1, quietMillis / 4));
        }
    }

    /**
     * Processes first {@code arrived} (packets another instance handed over, oldest first), then the packets held
     * here for the filter, in order, and unfreezes the filter. Returns how long each processed packet waited, in
     * microseconds ({@code arrived} packets count their wait from when the other instance held them).
     *
     * <p>The hold drains in paced batches while the element's other traffic flows and the filter's new packets
     * still join the end of the hold; only the last few are processed with the write lock held. So the PM's
     * receive threads never stop for long (their socket buffers would overflow), and a flow's packets still
     * leave in arrival order.
     */
    public long[] release(FlowFilter filter, List<HeldPacket> arrived) {
        List<Long> waited = new ArrayList<>();
        lock.writeLock().lock();
        try {
            synchronized (held) {
                List<HeldPacket> rest = new ArrayList<>(held);
                held.clear();
                held.addAll(arrived);
                held.addAll(rest);
            }
        } finally {
            lock.writeLock().unlock();
        }
        for (int round = 0; round < MAX_PACED_ROUNDS; round++) {
            List<HeldPacket> batch = take(filter, RELEASE_BATCH);
            if (batch.isEmpty()) {
                break;
            }
            lock.readLock().lock();
            try {
                processAll(batch, waited);
            } finally {
                lock.readLock().unlock();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        lock.writeLock().lock();
        try {
            processAll(take(filter, Integer.MAX_VALUE), waited);
            frozen.remove(filter);
        } finally {
            lock.writeLock().unlock();
        }
        return waited.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private void processAll(List<HeldPacket> packets, List<Long> waited) {
        long now = System.nanoTime();
        for (HeldPacket p : packets) {
            waited.add(Math.max(0, (now - p.heldAtNanos()) / 1000));
            processor.process(p.port(), p.packet());
        }
    }

    private List<HeldPacket> take(FlowFilter filter) {
        return take(filter, Integer.MAX_VALUE);
    }

    /** Takes up to {@code max} held packets of the filter, oldest first; handed-over packets (no flow) count too. */
    private List<HeldPacket> take(FlowFilter filter, int max) {
        List<HeldPacket> taken = new ArrayList<>();
        synchronized (held) {
            for (Iterator<HeldPacket> it = held.iterator(); it.hasNext() && taken.size() < max; ) {
                HeldPacket p = it.next();
                if (p.flow() == null || filter.matches(p.flow())) {
                    taken.add(p);
                    it.remove();
                }
            }
        }
        return taken;
    }
    /** The frozen filters and the hold's counters, for stats and the control channel. */
    public Map<String, Object> stats() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("frozen", frozen.stream().map(FlowFilter::toString).toList());
        synchronized (held) {
            s.put("held", held.size());
        }
        s.put("held_total", heldTotal.sum());
        s.put("hold_overflow", overflow.sum());
        return s;
    }
}
