package org.flowstream.modulehost.state;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
     */
    public long[] release(FlowFilter filter, List<HeldPacket> arrived) {
        lock.writeLock().lock();
        try {
            List<HeldPacket> all = new ArrayList<>(arrived);
            all.addAll(take(filter));
            long[] waitedMicros = new long[all.size()];
            long now = System.nanoTime();
            for (int i = 0; i < all.size(); i++) {
                HeldPacket p = all.get(i);
                waitedMicros[i] = Math.max(0, (now - p.heldAtNanos()) / 1000);
                processor.process(p.port(), p.packet());
                if (i % RELEASE_BATCH == RELEASE_BATCH - 1) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            }
            frozen.remove(filter);
            Arrays.sort(waitedMicros);
            return waitedMicros;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private List<HeldPacket> take(FlowFilter filter) {
        List<HeldPacket> taken = new ArrayList<>();
        synchronized (held) {
            for (Iterator<HeldPacket> it = held.iterator(); it.hasNext(); ) {
                HeldPacket p = it.next();
                if (filter.matches(p.flow())) {
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
