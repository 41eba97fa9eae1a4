package org.flowstream.modulehost.migrate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flowstream.modulehost.migrate.FlowMove.AbortedException;
import org.flowstream.modulehost.migrate.FlowMove.Instance;
import org.flowstream.modulehost.state.FlowFilter;
import org.flowstream.modulehost.state.FlowGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(PhasedMove.class);

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
     * phases took (microseconds).
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
            long totalMicros) {}

    private final Instance from;
    private final Instance to;
    private final FlowFilter filter;
    private final Settings settings;
    private final Clock clock;
    private final List<Long> held = new ArrayList<>();

    private PhasedMove(Instance from, Instance to, FlowFilter filter, Settings settings, Clock clock) {
        this.from = from;
        this.to = to;
        this.filter = filter;
        this.settings = settings;
        this.clock = clock;
    }

    /** Moves the filter's flows from {@code from} to {@code to}; an {@link AbortedException} leaves them at from. */
    public static Result run(
            Instance from, Instance to, FlowFilter filter, Rewire rewire, Settings settings, Clock clock)
            throws Exception {
        return new PhasedMove(from, to, filter, settings, clock).run(rewire);
    }

    private Result run(Rewire rewire) throws Exception {
        long start = clock.nanos();
        Object existing = from.call("export", filter, Map.of());
        int atStart = list(existing).size();
        to.call("reserve", filter, Map.of("states", existing));
        try {
            to.call("accept_daisy", filter, Map.of()); // between PMs, what the old one daisy-chains crosses the switch
            from.call("daisy", filter, Map.of());
        } catch (Exception e) {
            endAccepting();
            unreserve();
            throw new AbortedException(
                    "cannot start the idle phase of %s at %s: %s".formatted(filter, from, e.getMessage()), e);
        }
        List<Sample> samples;
        long idleEnd;
        int copied = 0;
        long copyEnd;
        long idleStart = clock.nanos();
        try {
            samples = idlePhase(idleStart, atStart);
            idleEnd = clock.nanos();
            for (int i = 0; i < settings.batches(); i++) {
                copied += settings.relaxedTimers()
                        ? copyAndRefresh(filter.batch(i, settings.batches()))
                        : freezeAndCopy(filter.batch(i, settings.batches()));
            }
            copyEnd = clock.nanos();
            to.call("freeze", filter, Map.of());
            rewire.toNew();
        } catch (Exception e) {
            moveBack(e instanceof BatchRefused refused ? refused.taken : List.of());
            throw new AbortedException(
                    "moving %s from %s to %s failed, all of it is back at %s: %s"
                            .formatted(filter, from, to, from, e.getMessage()),
                    e);
        }
        // From here on the switch sends the flows to the new instance: the move can only go forward.
        long rewired = clock.nanos();
        Object packets = from.call("hand_over", filter, Map.of("quiet_ms", settings.quietMs()));
        addHolds(to.call("release", filter, Map.of("packets", packets)));
        endAccepting(); // the old instance sent its last daisy-chained packet quietMs before its hand-over
        unreserve();
        long end = clock.nanos();
        long[] waits = held.stream().mapToLong(Long::longValue).sorted().toArray();
        Result result = new Result(
                atStart,
                samples.getLast().statesLeft(),
                copied,
                settings.batches(),
                settings.relaxedTimers(),
                List.copyOf(samples),
                waits.length,
                FlowGate.percentile(waits, 0.50),
                FlowGate.percentile(waits, 0.99),
                waits.length == 0 ? 0 : waits[waits.length - 1],
                (idleEnd - idleStart) / 1000,
                (copyEnd - idleEnd) / 1000,
                (end - rewired) / 1000,
                (end - start) / 1000);
        LOG.info("moved {} from {} to {} in phases: {}", filter, from, to, result);
        return result;
    }

    /** Watches the old instance's states of the filter expire until they fall too slowly (or none is left). */
    private List<Sample> idlePhase(long start, int atStart) throws Exception {
        List<Sample> samples = new ArrayList<>();
        double slowest = settings.expiryRateFraction() * atStart; // states per second
        while (true) {
            long now = clock.nanos();
            int left = count();
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

    private int count() throws Exception {
        return ((Number) from.call("count", filter, Map.of())).intValue();
    }

    /** One batch, §2.3.2: the new instance holds the batch's daisy-chained packets while its state is copied. */
    private int freezeAndCopy(FlowFilter batch) throws Exception {
        to.call("await", batch, Map.of());
        Object taken;
        try {
            taken = from.call("take", batch, Map.of());
        } catch (Exception e) {
            to.call("release", batch, Map.of("packets", List.of()));
            throw e;
        }
        try {
            addHolds(to.call("release", batch, Map.of("packets", List.of(), "states", taken)));
        } catch (Exception e) {
            throw new BatchRefused(list(taken), e);
        }
        return list(taken).size();
    }

    /** The new instance refused a batch the old one had given up: the move holds its states and gives them back. */
    private static final class BatchRefused extends Exception {
        final List<?> taken;

        BatchRefused(List<?> taken, Exception cause) {
            super(cause.getMessage(), cause);
            this.taken = taken;
        }
    }

    /**
     * One batch, §2.3.3's relaxed timers: its states are copied while their flows run (they change only by
     * expiring), then taken from the old instance and their last-use times refreshed at the new one. Nothing waits:
     * from the take on, the batch's packets find their state at the new instance.
     */
    private int copyAndRefresh(FlowFilter batch) throws Exception {
        to.call("import", batch, Map.of("states", from.call("export", batch, Map.of())));
        Object taken = from.call("take", batch, Map.of());
        try {
            to.call("import", batch, Map.of("states", taken));
        } catch (Exception e) {
            throw new BatchRefused(list(taken), e);
        }
        return list(taken).size();
    }

    /**
     * The abort: the old instance holds the filter (its daisy chain ends), the new one gives back everything it
     * has of the filter (and the move what it has in hand) and hands over what it held, and the old one processes
     * that first, then its own held packets. Each step is tried even if an earlier one failed (a dead new
     * instance): the old one serves again.
     */
    private void moveBack(List<?> inHand) {
        try {
            from.call("freeze", filter, Map.of());
            clock.sleep(settings.quietMs()); // daisy-chained packets in flight reach the new instance
            to.call("freeze", filter, Map.of());
            List<Object> back = new ArrayList<>(inHand);
            back.addAll(list(to.call("take", filter, Map.of())));
            from.call("import", filter, Map.of("states", back));
        } catch (Exception e) {
            LOG.warn(
                    "aborted move of {}: cannot take the new instance's states back to {}: {}",
                    filter,
                    from,
                    e.getMessage());
        }
        Object packets = List.of();
        try {
            packets = to.call("hand_over", filter, Map.of("quiet_ms", 0));
        } catch (Exception e) {
            LOG.warn("aborted move of {}: {} hands nothing over: {}", filter, to, e.getMessage());
        }
        unreserve();
        try {
            from.call("release", filter, Map.of("packets", packets));
        } catch (Exception e) {
            LOG.warn("aborted move of {}: cannot unfreeze it at {}: {}", filter, from, e.getMessage());
        }
    }

    private void endAccepting() {
        try {
            to.call("end_daisy", filter, Map.of());
        } catch (Exception e) {
            LOG.warn("{} goes on accepting daisy-chained packets of {}: {}", to, filter, e.getMessage());
        }
    }

    private void unreserve() {
        try {
            to.call("reserve", filter, Map.of("states", List.of()));
        } catch (Exception e) {
            LOG.warn("cannot end {}'s reservation for {}: {}", to, filter, e.getMessage());
        }
    }

    private void addHolds(Object released) {
        if (released instanceof Map<?, ?> m) {
            for (Object wait : list(m.get("hold_us"))) {
                held.add(((Number) wait).longValue());
            }
        }
    }

    /** An answer's list: XML-RPC gives arrays, the in-process channel lists. */
    static List<?> list(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.asList(array);
        }
        return value instanceof List<?> l ? l : List.of();
    }
}
