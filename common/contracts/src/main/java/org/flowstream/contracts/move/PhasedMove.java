package org.flowstream.contracts.move;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.contracts.move.FlowMove.AbortedException;
import org.flowstream.contracts.move.FlowMove.Instance;
import org.flowstream.contracts.records.modulehost.HandedOverPacket;
import org.flowstream.contracts.records.modulehost.PmFlowState;
import org.flowstream.contracts.records.modulehost.ReleaseSummary;

/**
 * §2.3.2's move in both its phases, so that most flows end where they started and only the long ones are copied:
 *
 * <ol>
 *   <li><b>Reserve</b>: the new instance keeps the old one's global resources for the filter (a NAT's external
 *       ports) from its own new flows.
 *   <li><b>Idle phase</b>: the old instance stops creating state for the filter; a packet of it that finds no state
 *       there goes on to the new instance (the daisy chain; between two PMs it crosses the switch, and the new one
 *       accepts it only while told to), which processes it as its own. The old instance's
 *       states of the filter only expire now; the move watches their number fall until it falls by less than
 *       {@link Settings#expiryRateFraction} of the starting number per second (or none is left, or
 *       {@link Settings#maxIdleMs} has passed).
 *   <li><b>Iterative copy</b>, batch by batch ({@code batch i/n} of the filter): the new instance holds the batch's
 *       packets of flows it has no state for (flows it started itself go on), the old instance takes the batch's
 *       states (export and delete in one step: from then on their packets find no state there and are
 *       daisy-chained to the new instance, where they wait), and the new one imports them and processes the
 *       packets it held, in order, in one request. With
 *       {@link Settings#relaxedTimers} and states that change only by expiring (§2.3.3), a batch is copied while
 *       it runs and only its timers are refreshed when it is taken: nothing waits.
 *   <li><b>Rewire</b>: the new instance freezes the filter (what the switch sends it directly waits; what the old
 *       one still daisy-chains is older and goes on), the switch sends the filter's traffic to the new instance,
 *       the old one ends its daisy chain once nothing of the filter has reached it for {@code quietMs} and hands
 *       over anything it held, and the new one processes that, then its own held packets. The old instance holds
 *       nothing of the filter.
 * </ol>
 *
 * A failure before the rewire aborts: everything the new instance holds of the filter (the copied batches and the
 * flows it started during the idle phase) moves back to the old instance the same loss-free way, and the old one
 * serves the filter with its full state.
 */
public final class PhasedMove {

    /**
     * How the move goes: how many batches; the idle phase ends when fewer than {@code expiryRateFraction} of the
     * starting states expire per second, the count is read every {@code pollMs}, and it lasts at most {@code
     * maxIdleMs}; {@code quietMs} is the wait for packets in flight (daisy chain, switch); {@code relaxedTimers}
     * copies states that change only by expiring without holding their packets.
     */
    public record Settings(
            int batches, double expiryRateFraction, int pollMs, int maxIdleMs, int quietMs, boolean relaxedTimers) {

        public Settings {
            if (batches < 1 || pollMs < 1 || maxIdleMs < 0 || quietMs < 0 || expiryRateFraction < 0) {
                throw new IllegalArgumentException("a phased move needs at least one batch, a poll period of at least "
                        + "1 ms and no negative times or rates");
            }
        }

        public static Settings defaults() {
            return new Settings(8, 0.02, 50, 5_000, 100, false);
        }
    }

    /** The move's time: the real clock, or a benchmark's simulated one whose sleep delivers the packets due. */
    public interface Clock {
        long nanos();

        void sleep(long millis) throws InterruptedException;

        Clock REAL = new Clock() {
            @Override
            public long nanos() {
                return System.nanoTime();
            }

            @Override
            public void sleep(long millis) throws InterruptedException {
                Thread.sleep(millis);
            }
        };
    }

    /** The old instance's states of the filter, {@code atMillis} after the idle phase began. */
    public record Sample(long atMillis, int statesLeft) {}

    /**
     * What a phased move did: states at the start and after the idle phase, states copied, the idle phase's
     * samples, packets held (all batches and the rewire) and how long they waited (microseconds), and how long the
     * phases took (microseconds): the idle phase, the batches, and from the rewire to the end of the release; and
     * the packets the old instance handed over at the end.
     */
    public record Result(
            int statesAtStart,
            int statesAfterIdlePhase,
            int statesCopied,
            int batches,
            boolean relaxedTimers,
            List<Sample> idlePhase,
            int packetsHeld,
            long holdP50Micros,
            long holdP99Micros,
            long holdMaxMicros,
            long idlePhaseMicros,
            long copyMicros,
            long rewireMicros,
            long totalMicros,
            int handedOver) {}

    private final Instance from;
    private final Instance to;
    private final String filter;
    private final Settings settings;
    private final Clock clock;
    private final MoveListener listener;
    private final List<Long> held = new ArrayList<>();
    /**
     * Copies of the batches delivered to the new instance: if it dies before the rewire, its states die with it,
     * and these give the old instance its mappings back (as they were when taken; a NAT's mapping does not change
     * after it is made, so its flows keep their external ports).
     */
    private final List<PmFlowState> delivered = new ArrayList<>();

    private PhasedMove(
            Instance from, Instance to, String filter, Settings settings, Clock clock, MoveListener listener) {
        this.from = from;
        this.to = to;
        this.filter = filter == null ? "" : filter;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
    }

    /** Moves the filter's flows from {@code from} to {@code to}; an {@link AbortedException} leaves them at from. */
    public static Result run(Instance from, Instance to, String filter, Rewire rewire, Settings settings, Clock clock)
            throws Exception {
        return run(from, to, filter, rewire, settings, clock, MoveListener.NONE);
    }

    /** The move, telling {@code listener} each step and each batch it holds in hand (a driver's journal). */
    public static Result run(
            Instance from,
            Instance to,
            String filter,
            Rewire rewire,
            Settings settings,
            Clock clock,
            MoveListener listener)
            throws Exception {
        return new PhasedMove(from, to, filter, settings, clock, listener).run(rewire);
    }

    /**
     * Gives the filter back to {@code from} after a move stopped before its hand-over (an abort, or a driver that
     * restarted and finds the move in its journal): the old instance freezes the filter (its daisy chain ends), the
     * new one gives back everything it has of it, with {@code inHand} (a batch the move had taken and not
     * delivered), hands over what it held, and the old one processes that first, then its own held packets, and
     * serves on. Each step is tried even if an earlier one failed (a dead new instance).
     */
    public static void giveBack(
            Instance from, Instance to, String filter, List<PmFlowState> inHand, int quietMs, MoveListener listener) {
        new PhasedMove(from, to, filter, new Settings(1, 0, 1, 0, quietMs, false), Clock.REAL, listener)
                .moveBack(inHand);
    }

    private Result run(Rewire rewire) throws Exception {
        long start = clock.nanos();
        List<PmFlowState> existing = from.export(filter);
        int atStart = existing.size();
        to.reserve(filter, existing);
        try {
            listener.step("idle phase", "%d states at the start".formatted(atStart));
            to.gate("accept_daisy", filter); // between PMs, what the old one daisy-chains crosses the switch
            from.gate("daisy", filter);
        } catch (Exception e) {
            endAccepting();
            unreserve();
            throw new AbortedException(
                    "cannot start the idle phase of %s at %s: %s"
                            .formatted(FlowMove.what(filter), from, e.getMessage()),
                    e);
        }
        List<Sample> samples;
        long idleEnd;
        int copied = 0;
        long copyEnd;
        long idleStart = clock.nanos();
        boolean switching = false;
        try {
            samples = idlePhase(idleStart, atStart);
            idleEnd = clock.nanos();
            for (int i = 0; i < settings.batches(); i++) {
                listener.step(
                        "copy state",
                        "batch %d of %d; %d states left after the idle phase"
                                .formatted(
                                        i + 1,
                                        settings.batches(),
                                        samples.getLast().statesLeft()));
                copied += settings.relaxedTimers() ? copyAndRefresh(batch(i)) : freezeAndCopy(batch(i));
            }
            copyEnd = clock.nanos();
            listener.step("rewire the switch", "%d states copied".formatted(copied));
            to.gate("freeze", filter);
            switching = true;
            rewire.toNew();
        } catch (Exception e) {
            if (switching) {
                rewire.back(); // the switch may have taken part of the new rules
            }
            moveBack(e instanceof BatchRefused refused ? refused.taken : List.of());
            throw new AbortedException(
                    "moving %s from %s to %s failed, all of it is back at %s: %s"
                            .formatted(FlowMove.what(filter), from, to, from, e.getMessage()),
                    e);
        }
        // From here on the switch sends the flows to the new instance: the move can only go forward.
        long rewired = clock.nanos();
        listener.step("hand over", "%d states copied; the old instance hands over what it held".formatted(copied));
        List<HandedOverPacket> packets = from.handOver(filter, settings.quietMs());
        addHolds(to.release(filter, packets, null));
        endAccepting(); // the old instance sent its last daisy-chained packet quietMs before its hand-over
        unreserve();
        long end = clock.nanos();
        long[] waits = held.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(
                atStart,
                samples.getLast().statesLeft(),
                copied,
                settings.batches(),
                settings.relaxedTimers(),
                List.copyOf(samples),
                waits.length,
                HoldTimes.percentile(waits, 0.50),
                HoldTimes.percentile(waits, 0.99),
                waits.length == 0 ? 0 : waits[waits.length - 1],
                (idleEnd - idleStart) / 1000,
                (copyEnd - idleEnd) / 1000,
                (end - rewired) / 1000,
                (end - start) / 1000,
                packets.size());
    }

    /** Batch {@code i} of the filter, in the flow filter's text form ({@code batch i/n}). */
    private String batch(int i) {
        String part = "batch %d/%d".formatted(i, settings.batches());
        return filter.isBlank() ? part : filter + " " + part;
    }

    /** Watches the old instance's states of the filter expire until they fall too slowly (or none is left). */
    private List<Sample> idlePhase(long start, int atStart) throws Exception {
        List<Sample> samples = new ArrayList<>();
        double slowest = settings.expiryRateFraction() * atStart; // states per second
        while (true) {
            long now = clock.nanos();
            int left = from.count(filter);
            samples.add(new Sample((now - start) / 1_000_000, left));
            if (left == 0 || (now - start) / 1_000_000 >= settings.maxIdleMs()) {
                return samples;
            }
            if (samples.size() >= 2) {
                Sample before = samples.get(samples.size() - 2);
                Sample last = samples.getLast();
                double perSecond = (before.statesLeft() - last.statesLeft())
                        * 1000.0
                        / Math.max(1, last.atMillis() - before.atMillis());
                if (perSecond < slowest) {
                    return samples;
                }
            }
            clock.sleep(settings.pollMs());
        }
    }

    /** One batch, §2.3.2: the new instance holds the batch's daisy-chained packets while its state is copied. */
    private int freezeAndCopy(String batch) throws Exception {
        to.gate("await", batch);
        List<PmFlowState> taken;
        try {
            taken = from.take(batch);
        } catch (Exception e) {
            to.release(batch, List.of(), null);
            throw e;
        }
        try {
            listener.inHand(taken);
            addHolds(to.release(batch, List.of(), taken));
        } catch (Exception e) {
            throw new BatchRefused(taken, e);
        }
        listener.inHand(List.of());
        delivered.addAll(taken);
        return taken.size();
    }

    /** The new instance refused a batch the old one had given up: the move holds its states and gives them back. */
    private static final class BatchRefused extends Exception {
        final List<PmFlowState> taken;

        BatchRefused(List<PmFlowState> taken, Exception cause) {
            super(cause.getMessage(), cause);
            this.taken = taken;
        }
    }

    /**
     * One batch, §2.3.3's relaxed timers: its states are copied while their flows run (they change only by
     * expiring), then taken from the old instance and their last-use times refreshed at the new one. Nothing waits:
     * from the take on, the batch's packets find their state at the new instance.
     */
    private int copyAndRefresh(String batch) throws Exception {
        to.importStates(batch, from.export(batch));
        List<PmFlowState> taken = from.take(batch);
        try {
            listener.inHand(taken);
            to.importStates(batch, taken);
        } catch (Exception e) {
            throw new BatchRefused(taken, e);
        }
        listener.inHand(List.of());
        delivered.addAll(taken);
        return taken.size();
    }

    /**
     * The abort: the old instance holds the filter (its daisy chain ends), the new one stops taking daisy-chained
     * packets and gives back everything it has of the filter (and the move what it has in hand) and hands over what
     * it held, and the old one processes what the new one never acknowledged first, then what it handed over, then
     * its own held packets. Each step is tried even if an earlier one failed (a dead new
     * instance): the old one serves again.
     */
    private void moveBack(List<PmFlowState> inHand) {
        List<PmFlowState> back = new ArrayList<>(inHand);
        try {
            from.gate("freeze", filter);
            clock.sleep(settings.quietMs()); // daisy-chained packets in flight reach the new instance
        } catch (Exception e) {
            listener.warn("aborted move of %s: cannot freeze it at %s: %s"
                    .formatted(FlowMove.what(filter), from, e.getMessage()));
        }
        try {
            // The new instance takes no more daisy-chained packets: one still on its way (in the switch, or in the
            // socket of a PM stopped by its CPU quota) would meet no state once the take below has run, and a NAT
            // would drop it and acknowledge it, so the old instance would drop its copy too. Refused, it stays
            // unacknowledged, and the old instance processes its copy with the state given back.
            to.gate("end_daisy", filter);
            to.gate("freeze", filter);
            back.addAll(to.take(filter));
        } catch (Exception e) {
            // The new instance is gone, and the flows it started with it; the batches it had go back as copied.
            back.addAll(delivered);
            listener.warn("aborted move of %s: cannot take the new instance's states back to %s (%s); it gets the "
                            .formatted(FlowMove.what(filter), from, e.getMessage())
                    + delivered.size() + " states of the batches delivered back as they were copied");
        }
        try {
            from.importStates(filter, back);
        } catch (Exception e) {
            listener.warn("aborted move of %s: %s refuses its states back: %s"
                    .formatted(FlowMove.what(filter), from, e.getMessage()));
        }
        listener.inHand(List.of());
        List<HandedOverPacket> packets = List.of();
        try {
            packets = to.handOver(filter, 0);
        } catch (Exception e) {
            listener.warn("aborted move of %s: %s hands nothing over: %s"
                    .formatted(FlowMove.what(filter), to, e.getMessage()));
        }
        unreserve();
        try {
            from.release(filter, packets, null);
        } catch (Exception e) {
            listener.warn("aborted move of %s: cannot unfreeze it at %s: %s"
                    .formatted(FlowMove.what(filter), from, e.getMessage()));
        }
    }

    private void endAccepting() {
        try {
            to.gate("end_daisy", filter);
        } catch (Exception e) {
            listener.warn("%s goes on accepting daisy-chained packets of %s: %s"
                    .formatted(to, FlowMove.what(filter), e.getMessage()));
        }
    }

    private void unreserve() {
        try {
            to.reserve(filter, List.of());
        } catch (Exception e) {
            listener.warn(
                    "cannot end %s's reservation for %s: %s".formatted(to, FlowMove.what(filter), e.getMessage()));
        }
    }

    private void addHolds(ReleaseSummary released) {
        if (released != null && released.holdUs() != null) {
            held.addAll(released.holdUs());
        }
    }
}
