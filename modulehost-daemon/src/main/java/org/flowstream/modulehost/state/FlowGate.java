package org.flowstream.modulehost.state;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import org.flowstream.modulehost.runtime.DaisyFrames;
import org.flowstream.modulehost.runtime.Packet;

/**
 * The door every packet of a {@link StatefulElement} goes through, and the packet side of a state move (§2.3.2's
 * idle phase and freeze-and-copy). While a filter is daisy-chained (the idle phase), a packet of it that finds no
 * state here is forwarded to the new instance through a {@link DaisyLink} instead of creating state here; packets
 * of flows that still have state here are processed as before, until their state expires or is copied away. While a filter is frozen, packets of the flows it selects are held here, in arrival order,
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
    public record HeldPacket(
            int port, Packet packet, FlowKey flow, long heldAtNanos, DaisyFrames.Acknowledgement acknowledge) {

        /** A packet that owes no acknowledgement (it did not come over another PM's daisy link). */
        public HeldPacket(int port, Packet packet, FlowKey flow, long heldAtNanos) {
            this(port, packet, flow, heldAtNanos, null);
        }
    }

    /**
     * Where the old instance sends, during the idle phase, the packets it keeps no state for: to the new instance,
     * which processes them as its own. In-process (a benchmark, a test) that is the new element's push.
     */
    @FunctionalInterface
    public interface DaisyLink {
        /** Sends the packet on; {@code sequence} names it to the other side's acknowledgement (0 in-process). */
        void forward(int port, Packet packet, int sequence);

        /**
         * Whether a packet sent on can die with the new instance before it is processed (a link to another process):
         * the gate then keeps a copy until the new instance acknowledges it ({@link #acknowledged}), and an aborted
         * move's release processes the unacknowledged ones here ({@link DaisyCopies}).
         */
        default boolean needsAcknowledgements() {
            return false;
        }
    }

    /** A wait until what the PM's receive loops had taken in at the hand-over's start has come through the gate. */
    @FunctionalInterface
    public interface ReceiveDrain {
        /** Waits; false when it gave up at its bound. */
        boolean await() throws InterruptedException;
    }

    /** After a move's abort, how long the old instance waits for acknowledgements still on their way. */
    static final long ACKNOWLEDGEMENTS_QUIET_MILLIS = 50;

    /**
     * At a hand-over, the longest the old instance waits for the new one to acknowledge what it daisy-chained (a
     * new instance that died after the rewire never will; the move goes forward all the same).
     */
    static final long HAND_OVER_ACKNOWLEDGEMENTS_MAX_MILLIS = 2_000;

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
    private final CopyOnWriteArrayList<FlowFilter> frozen = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<FlowFilter> daisyChained = new CopyOnWriteArrayList<>();
    /** Filters whose packets wait only if their flow has no state here yet (it is on its way from the old one). */
    private final CopyOnWriteArrayList<FlowFilter> awaiting = new CopyOnWriteArrayList<>();

    /** Awaited filters being released: every packet of them waits, daisy-chained or not, until the release ends. */
    private final CopyOnWriteArrayList<FlowFilter> releasing = new CopyOnWriteArrayList<>();

    /** Filters whose packets this instance takes from another PM's daisy link over the wire (a move's new side). */
    private final CopyOnWriteArrayList<FlowFilter> accepting = new CopyOnWriteArrayList<>();

    private volatile long lastDaisyNanos;
    private volatile DaisyLink daisyLink;
    private volatile LongSupplier clock = System::nanoTime;
    private volatile boolean pacedRelease = true;
    private final LongAdder daisyForwarded = new LongAdder();
    private final LongAdder daisyReceived = new LongAdder();
    private final LongAdder daisyRefused = new LongAdder();
    private final LongAdder acknowledgementsSent = new LongAdder();
    private final DaisyCopies copies = new DaisyCopies();
    private final ArrayDeque<HeldPacket> held = new ArrayDeque<>();
    private volatile long lastHeldNanos;
    private final LongAdder heldTotal = new LongAdder();
    private final LongAdder overflow = new LongAdder();

    public FlowGate(StatefulElement element, Processor processor) {
        this.element = element;
        this.processor = processor;
    }

    /**
     * The clock of this gate and its element (last-used times, hold times, expiry): System.nanoTime() unless a
     * benchmark drives the element on a simulated clock.
     */
    public void useClock(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Whether a release leaves paced (8 packets per millisecond, for a PM's sockets) or all at once (an
     * in-process benchmark, where no socket can overflow).
     */
    public void pacedRelease(boolean paced) {
        this.pacedRelease = paced;
    }

    /** Now, on this gate's clock, in nanoseconds. */
    public long now() {
        return clock.getAsLong();
    }

    /**
     * Processes the packet; or forwards it to the new instance if it belongs to a daisy-chained filter and has no
     * state here; or holds it if it belongs to a frozen flow.
     */
    public void push(int port, Packet packet) {
        push(port, packet, false, null);
    }

    /**
     * A packet the old instance daisy-chained here. It is older than anything the switch sends here directly after
     * a rewire, so a frozen filter does not hold it (it would wait behind younger packets); it waits only for state
     * that is still on its way ({@link #awaitState}).
     */
    public void pushDaisyChained(int port, Packet packet) {
        push(port, packet, true, null);
    }

    /**
     * A packet another PM daisy-chained here over the switch ({@code runtime.DaisyFrames}): processed as {@link
     * #pushDaisyChained} if a move told this instance to accept the filter it belongs to ({@link
     * #acceptDaisyChained}); otherwise dropped and counted ({@code daisy_refused}), so a tagged frame from anywhere
     * else cannot reach the element past the elements in front of it. {@code acknowledge} tells the old PM the
     * packet is processed here: the packet is processed inside it (now, or when a release processes it), so a
     * refused packet, or one still held when this PM dies, stays unacknowledged and the old PM keeps its copy.
     */
    public void pushFromDaisyLink(int port, Packet packet, DaisyFrames.Acknowledgement acknowledge) {
        FlowKey key = accepting.isEmpty() ? null : element.flowOf(port, packet);
        if (key == null || !matchesAny(accepting, key)) {
            daisyRefused.increment();
            return;
        }
        daisyReceived.increment();
        push(port, packet, true, acknowledge);
    }

    /** Whether a move told this instance to take some filter's daisy-chained packets (it is a move's new side). */
    public boolean acceptsDaisyChained() {
        return !accepting.isEmpty();
    }

    /** Whether copies of packets this gate daisy-chained wait for the other PM's acknowledgements. */
    public boolean awaitsAcknowledgements() {
        return copies.waiting();
    }

    /** The other PM processed these packets this gate daisy-chained to it: their copies here go. */
    public void acknowledged(int[] sequences) {
        copies.acknowledged(sequences, now());
    }

    private void push(int port, Packet packet, boolean daisyChained, DaisyFrames.Acknowledgement acknowledge) {
        lock.readLock().lock();
        try {
            if (!frozen.isEmpty() || !awaiting.isEmpty() || !releasing.isEmpty() || !this.daisyChained.isEmpty()) {
                FlowKey key = element.flowOf(port, packet);
                if (key != null
                        && (daisyChain(key, port, packet) || hold(key, port, packet, daisyChained, acknowledge))) {
                    return;
                }
            }
            process(port, packet, acknowledge);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Processes a packet; one that came over another PM's daisy link inside its acknowledgement, which leaves with
     * the first frame the processing sends.
     */
    private void process(int port, Packet packet, DaisyFrames.Acknowledgement acknowledge) {
        if (acknowledge == null) {
            processor.process(port, packet);
            return;
        }
        acknowledge.whileProcessing(() -> processor.process(port, packet));
        acknowledgementsSent.increment();
    }

    private boolean daisyChain(FlowKey key, int port, Packet packet) {
        DaisyLink link = daisyLink;
        if (link == null || !matchesAny(daisyChained, key) || element.hasState(key)) {
            return false;
        }
        daisyForwarded.increment();
        long now = now();
        lastDaisyNanos = now;
        // The copy first: the acknowledgement can come back before forward returns.
        int sequence = link.needsAcknowledgements() ? copies.keep(port, packet, key, now) : 0;
        link.forward(port, packet, sequence);
        return true;
    }

    private boolean hold(
            FlowKey key, int port, Packet packet, boolean daisyChained, DaisyFrames.Acknowledgement acknowledge) {
        boolean waits = (!daisyChained && isFrozen(key))
                || matchesAny(releasing, key)
                || (!awaiting.isEmpty() && matchesAny(awaiting, key) && !element.hasState(key));
        if (!waits) {
            return false;
        }
        long now = now();
        synchronized (held) {
            if (held.size() >= CAPACITY) {
                overflow.increment();
                return true;
            }
            held.add(new HeldPacket(port, packet, key, now, acknowledge));
        }
        lastHeldNanos = now;
        heldTotal.increment();
        return true;
    }

    /** Whether the flow is frozen: its state must not change (expiry timers check this too). */
    public boolean isFrozen(FlowKey key) {
        return matchesAny(frozen, key);
    }

    private static boolean matchesAny(List<FlowFilter> filters, FlowKey key) {
        for (FlowFilter f : filters) {
            if (f.matches(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * From now on, packets of the flows the filter selects wait here; returns once none is being processed. Freezing
     * a daisy-chained filter ends its daisy chain in the same step: from then on every packet of it waits here.
     */
    public void freeze(FlowFilter filter) {
        exclusively(() -> {
            frozen.addIfAbsent(filter); // freezing twice (a move, then its abort) needs one release
            return daisyChained.remove(filter);
        });
    }

    /**
     * From now on, packets of the filter's flows that have no state here wait (their state is being taken from the
     * old instance); flows this element already serves go on. {@link #release} ends the wait.
     */
    public void awaitState(FlowFilter filter) {
        exclusively(() -> awaiting.addIfAbsent(filter));
    }

    /** Where daisy-chained packets go; null takes the link away (a daisy chain then cannot start). */
    public void linkTo(DaisyLink link) {
        this.daisyLink = link;
    }

    /**
     * The idle phase (§2.3.2): from now on a packet of the filter that finds no state here goes to the new
     * instance, so this element creates no more state for the filter and its states only expire or move. Refused
     * in words when this gate has no daisy link.
     */
    public void daisyChain(FlowFilter filter) {
        if (daisyLink == null) {
            throw new IllegalStateException("this instance has no daisy-chain link to a new instance, so it cannot "
                    + "forward the packets it keeps no state for (docs/migration.md)");
        }
        exclusively(() -> daisyChained.addIfAbsent(filter));
    }

    /**
     * The new instance's side of a move between PMs: from now on it takes the filter's packets that the old PM
     * daisy-chains to it over the switch. {@link #endDaisyChain} (or a hand-over) ends it.
     */
    public void acceptDaisyChained(FlowFilter filter) {
        exclusively(() -> accepting.addIfAbsent(filter));
    }

    /**
     * Ends the idle phase for the filter without freezing it (an aborted move, or the move's end): this element
     * serves it again and takes no more daisy-chained packets of it.
     */
    public void endDaisyChain(FlowFilter filter) {
        exclusively(() -> daisyChained.remove(filter) | accepting.remove(filter));
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
     * Waits until no packet of the filter has been held or daisy-chained for {@code quietMillis} (the packets the
     * switch had already sent here have arrived) and the new instance has acknowledged every packet of the filter
     * daisy-chained to it (it has processed them: it stops taking daisy-chained packets after the move, so one still
     * on its way then would be lost), then takes the held packets of the filter away, deletes the filter's state
     * and unfreezes it: the old instance's last step of a move. The packets come back in arrival order. Packets
     * another PM daisy-chained here and that wait unprocessed are not handed over: that PM keeps a copy of each and
     * processes it itself when it takes the filter back (an aborted move). The copies this gate kept of what it
     * daisy-chained go: the move went through (after at most {@link #HAND_OVER_ACKNOWLEDGEMENTS_MAX_MILLIS}, even
     * if some are still unacknowledged: a new instance that died after the rewire).
     */
    public List<HeldPacket> handOver(FlowFilter filter, long quietMillis) throws InterruptedException {
        return handOver(filter, quietMillis, () -> true);
    }

    /**
     * {@link #handOver(FlowFilter, long)} in a PM, whose receive loops may have frames of the filter read but not
     * yet pushed here: after the quiet time, {@code received} waits until they have been (it was marked when the
     * hand-over was asked for, so mostly it has nothing left to wait for), and the quiet time starts again if
     * that brought a packet of the filter.
     */
    public List<HeldPacket> handOver(FlowFilter filter, long quietMillis, ReceiveDrain received)
            throws InterruptedException {
        awaitQuiet(quietMillis);
        received.await();
        awaitQuiet(quietMillis);
        awaitAcknowledgements(filter, quietMillis);
        lock.writeLock().lock();
        try {
            List<HeldPacket> taken = new ArrayList<>(take(filter));
            taken.removeIf(p -> p.acknowledge() != null);
            copies.forget(filter);
            element.deleteFlows(filter);
            frozen.remove(filter);
            awaiting.remove(filter);
            daisyChained.remove(filter);
            accepting.remove(filter);
            return taken;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void awaitQuiet(long quietMillis) throws InterruptedException {
        long quiet = quietMillis * 1_000_000L;
        while (quiet > 0 && now() - Math.max(lastHeldNanos, lastDaisyNanos) < quiet) {
            Thread.sleep(Math.max(1, quietMillis / 4));
        }
    }

    /**
     * Waits (on the real clock, at most {@link #HAND_OVER_ACKNOWLEDGEMENTS_MAX_MILLIS}) until no copy of a packet of
     * the filter awaits its acknowledgement; a packet daisy-chained meanwhile starts the quiet wait again.
     */
    private void awaitAcknowledgements(FlowFilter filter, long quietMillis) throws InterruptedException {
        long giveUpAt = System.nanoTime() + HAND_OVER_ACKNOWLEDGEMENTS_MAX_MILLIS * 1_000_000L;
        while (copies.anyOf(filter) && System.nanoTime() - giveUpAt < 0) {
            Thread.sleep(1);
            awaitQuiet(quietMillis);
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
        return release(filter, arrived, () -> {});
    }

    /**
     * {@link #release}, after {@code first} (an import of the states the held packets waited for) has run with no
     * packet processed meanwhile; if {@code first} fails, nothing is released. From then on until the end of the
     * release, every packet of the filter waits (flows that now have state here must not overtake their held
     * packets).
     */
    public long[] release(FlowFilter filter, List<HeldPacket> arrived, Runnable first) {
        List<Long> waited = new ArrayList<>();
        List<HeldPacket> replayed = unacknowledged(filter);
        lock.writeLock().lock();
        try {
            first.run();
            if (awaiting.remove(filter)) {
                releasing.add(filter);
            }
            synchronized (held) {
                List<HeldPacket> rest = new ArrayList<>(held);
                held.clear();
                held.addAll(replayed);
                held.addAll(arrived);
                held.addAll(rest);
            }
        } finally {
            lock.writeLock().unlock();
        }
        for (int round = 0; pacedRelease && round < MAX_PACED_ROUNDS; round++) {
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
            LockSupport.parkNanos(1_000_000);
        }
        lock.writeLock().lock();
        try {
            processAll(take(filter, Integer.MAX_VALUE), waited);
            frozen.remove(filter);
            releasing.remove(filter);
        } finally {
            lock.writeLock().unlock();
        }
        return waited.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /**
     * The packets of the filter this gate daisy-chained to another PM that never acknowledged them (it died, or an
     * aborted move took the filter back before it processed them), oldest first, to be processed here first; once
     * no acknowledgement has arrived for {@link #ACKNOWLEDGEMENTS_QUIET_MILLIS} (those on their way have come).
     */
    private List<HeldPacket> unacknowledged(FlowFilter filter) {
        if (!copies.anyOf(filter)) {
            return List.of();
        }
        long quiet = ACKNOWLEDGEMENTS_QUIET_MILLIS * 1_000_000L;
        while (now() - Math.max(copies.lastAcknowledgedNanos(), lastDaisyNanos) < quiet) {
            LockSupport.parkNanos(quiet / 5);
        }
        return copies.takeForReplay(filter).stream()
                .map(c -> new HeldPacket(c.port(), c.packet(), c.flow(), c.atNanos()))
                .toList();
    }

    private void processAll(List<HeldPacket> packets, List<Long> waited) {
        long now = now();
        for (HeldPacket p : packets) {
            waited.add(Math.max(0, (now - p.heldAtNanos()) / 1000));
            process(p.port(), p.packet(), p.acknowledge());
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

    /** The q-quantile (nearest rank) of sorted hold times, 0 for none. */
    public static long percentile(long[] sorted, double q) {
        return org.flowstream.contracts.move.HoldTimes.percentile(sorted, q);
    }

    /** The frozen filters and the hold's counters, for stats and the control channel. */
    public Map<String, Object> stats() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("frozen", frozen.stream().map(FlowFilter::toString).toList());
        s.put("daisy_chained", daisyChained.stream().map(FlowFilter::toString).toList());
        s.put("daisy_forwarded", daisyForwarded.sum());
        s.put("daisy_accepting", accepting.stream().map(FlowFilter::toString).toList());
        s.put("daisy_received", daisyReceived.sum());
        s.put("daisy_refused", daisyRefused.sum());
        s.put("daisy_acknowledgements_sent", acknowledgementsSent.sum());
        copies.addStats(s);
        s.put("awaiting_state", awaiting.stream().map(FlowFilter::toString).toList());
        synchronized (held) {
            s.put("held", held.size());
        }
        s.put("held_total", heldTotal.sum());
        s.put("hold_overflow", overflow.sum());
        return s;
    }
}
