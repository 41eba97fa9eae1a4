package org.flowstream.modulehost.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.flowstream.contracts.records.modulehost.WarmPoolState;
import org.flowstream.modulehost.pm.PmManager;
import org.flowstream.modulehost.pm.PmWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few pre-started, unconfigured PM runtimes per memory size ({@link WarmSlot}), which create_pm configures instead of
 * starting a JVM: JVM start-up (0.15-0.2 s of CPU, seconds when many PMs start on a busy machine) leaves the critical
 * path of an install. One pool per memory size, because the JVM's heap (half the PM's memory limit) is fixed when it
 * starts and the slot's cgroup already holds that limit.
 *
 * <p>Refilled in the background, one slot at a time (a slot is started only once the one before is warm), and only once
 * the host has been free of create_pm and delete_pm calls for {@link #QUIET_NANOS} (at most {@link #MAX_DEFER_NANOS}
 * later), so refills do not crowd the CPU that a burst's PMs need; an idle slot's CPU weight is low for the same
 * reason. Once a create_pm found the pool empty, refills start without waiting for a while: the pool is too small for
 * the load then, and a PM that starts its own JVM costs more than a refill's interference. A slot
 * that dies is removed and replaced. Each slot's record in the pool directory lets the next daemon clean up after a
 * daemon that died ({@link #cleanUpLeftovers}); a slot whose module host went away exits by itself.
 */
public final class WarmPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WarmPool.class);

    /**
     * How long the host must have been free of create_pm and delete_pm calls before a refill starts: a burst's calls
     * come within milliseconds of each other, and its PMs configure themselves, and its deletes take their ports off
     * the switch, on the same CPUs a refill's JVM start-up and port creation would take.
     */
    static final long QUIET_NANOS = 250_000_000L;

    /** How long a refill waits for that quiet at most: under steady churn the pool must still refill. */
    static final long MAX_DEFER_NANOS = 1_500_000_000L;

    /**
     * How long after a create_pm found no warm slot refills start without waiting for the quiet: the pool is then too
     * small for the load, and a PM that starts its own JVM waits far longer than a refill slows the others.
     */
    static final long SHORT_OF_SLOTS_NANOS = 10_000_000_000L;

    /** How long a slot may take to start before it is given up (a loaded machine takes seconds). */
    private static final long WARM_PATIENCE_NANOS = 60_000_000_000L;

    private final SlotLauncher launcher;
    private final Path dir;
    private final List<Integer> memorySizes;
    /** The ports each slot has made ahead; a PM with more starts without a slot. */
    private final int portsPerSlot;

    private int slotsPerSize;
    /** Waited for before the first slot starts (the AOT cache being built: slots started without it stay heavier). */
    private final Supplier<Boolean> readyToFill;
    /** The host's create and delete calls: refills wait for the quiet after them. */
    private final PmWork work;

    private final long maxDeferNanos;

    private final Map<Integer, Deque<WarmSlot>> idle = new HashMap<>();
    /** Slots being started, by id, with their memory size. */
    private final Map<String, Integer> starting = new HashMap<>();
    /** Slots handed to a create_pm that has not yet made them its PM. */
    private final Map<String, WarmSlot> handedOut = new HashMap<>();

    /** PMs made from a slot, and PMs that found none (no pool of their size, or all taken): since the daemon started. */
    private long taken;

    private long missed;
    /** When a create_pm last found no slot of a size the pool keeps (System.nanoTime); 0: never. */
    private long lastShortOfSlots;

    private boolean enabled;
    private boolean closed;
    /** When the refill now waiting for the quiet after a burst first wanted to start (System.nanoTime); 0: none waits. */
    private long deferredSince;

    private Thread refiller;

    /**
     * @param slotsPerSize idle slots kept per memory size; 0: no pool
     * @param portsPerSlot ports each slot makes ahead (on the critical path they took most of a pooled PM's start)
     * @param readyToFill  false while slots should not start yet (the AOT cache is being built)
     * @param work         the host's create and delete calls; a refill waits until they have been over for a moment
     */
    public WarmPool(
            SlotLauncher launcher,
            Path dir,
            List<Integer> memorySizes,
            int slotsPerSize,
            int portsPerSlot,
            Supplier<Boolean> readyToFill,
            PmWork work) {
        this(launcher, dir, memorySizes, slotsPerSize, portsPerSlot, readyToFill, work, MAX_DEFER_NANOS);
    }

    /** @param maxDeferNanos how long a refill waits for the quiet after creates and deletes at most */
    WarmPool(
            SlotLauncher launcher,
            Path dir,
            List<Integer> memorySizes,
            int slotsPerSize,
            int portsPerSlot,
            Supplier<Boolean> readyToFill,
            PmWork work,
            long maxDeferNanos) {
        this.work = work;
        this.maxDeferNanos = maxDeferNanos;
        this.launcher = launcher;
        this.dir = dir;
        this.memorySizes = List.copyOf(memorySizes);
        this.portsPerSlot = Math.max(1, portsPerSlot);
        this.slotsPerSize = Math.max(0, slotsPerSize);
        this.readyToFill = readyToFill;
        for (int size : this.memorySizes) {
            idle.put(size, new ArrayDeque<>());
        }
    }

    /** Turns the pool on (slots are started in the background) or off (idle slots are removed). */
    public void enable(boolean on) {
        List<WarmSlot> drained = List.of();
        synchronized (this) {
            if (closed || on == enabled) {
                return;
            }
            enabled = on;
            startRefiller();
            if (!on) {
                drained = drainIdle();
            }
            notifyAll();
        }
        drained.forEach(launcher::destroy);
    }

    /** Sets how many idle slots are kept per memory size (0: none); slots beyond it are removed. */
    public void resize(int slots) {
        List<WarmSlot> surplus = new java.util.ArrayList<>();
        synchronized (this) {
            slotsPerSize = Math.max(0, slots);
            for (Deque<WarmSlot> idleOfSize : idle.values()) {
                while (idleOfSize.size() > slotsPerSize) {
                    surplus.add(idleOfSize.pollLast());
                }
            }
            startRefiller();
            notifyAll();
        }
        surplus.forEach(launcher::destroy);
    }

    private void startRefiller() {
        if (enabled && slotsPerSize > 0 && refiller == null && !closed) {
            refiller = Thread.ofPlatform().name("warm-pool").daemon().start(this::refillForever);
        }
    }

    /**
     * Hands out an idle slot for a PM of {@code memoryMb} with {@code ports} ports, the warmest first; empty when there
     * is none (no pool of that size, more ports than a slot has, or all taken: the PM starts its own JVM). The caller
     * makes it its PM or gives it back.
     */
    public synchronized Optional<WarmSlot> take(int memoryMb, int ports) {
        Deque<WarmSlot> slots = ports <= portsPerSlot ? idle.get(memoryMb) : null;
        if (!enabled) {
            return Optional.empty();
        }
        while (slots != null && !slots.isEmpty()) {
            WarmSlot slot = slots.pollFirst();
            if (slot.process().isAlive()) {
                handedOut.put(slot.id(), slot);
                taken++;
                notifyAll(); // refill
                return Optional.of(slot);
            }
        }
        missed++;
        if (slots != null) {
            lastShortOfSlots = System.nanoTime(); // a size the pool keeps ran dry: refill without waiting
        }
        return Optional.empty();
    }

    /** The slot handed out under {@code id}, now the caller's to make a PM of (or to destroy). */
    public synchronized Optional<WarmSlot> claim(String id) {
        return Optional.ofNullable(handedOut.remove(id));
    }

    /** A handed-out slot that was not used (create_pm refused the name): back to the pool, or removed. */
    public void giveBack(String id) {
        WarmSlot slot;
        synchronized (this) {
            slot = handedOut.remove(id);
            if (slot != null && enabled && slot.process().isAlive()) {
                idle.get(slot.memoryMb()).addFirst(slot);
                return;
            }
        }
        if (slot != null) {
            launcher.destroy(slot);
        }
    }

    /** The ids whose networks the pool holds (idle, starting or handed out): not leftovers for the sweeper. */
    public synchronized Set<String> liveIds() {
        Set<String> ids = new HashSet<>(starting.keySet());
        ids.addAll(handedOut.keySet());
        idle.values().forEach(slots -> slots.forEach(s -> ids.add(s.id())));
        return ids;
    }

    /**
     * What get_load reports: whether it is on, slots per size, idle slots (warm or starting) per size, and how many PMs
     * were made from a slot and how many found none.
     */
    public synchronized WarmPoolState describe() {
        Map<String, WarmPoolState.Slots> bySize = new TreeMap<>();
        for (int size : memorySizes) {
            long warm = idle.get(size).stream().filter(WarmSlot::isWarm).count();
            long startingNow = starting.values().stream().filter(s -> s == size).count();
            bySize.put(
                    Integer.toString(size),
                    new WarmPoolState.Slots(warm, startingNow + idle.get(size).size() - warm));
        }
        return new WarmPoolState(enabled && slotsPerSize > 0, slotsPerSize, portsPerSlot, bySize, taken, missed);
    }

    /** Idle slots at most: what the pool may hold besides the PMs (get_load, registration). */
    public synchronized int capacity() {
        return slotsPerSize * memorySizes.size();
    }

    /**
     * Removes what idle slots of a previous run left behind (their records in the pool directory). Called at start,
     * before the network sweeper's first run and before the pool fills.
     */
    public void cleanUpLeftovers() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var dirs = Files.list(dir)) {
            for (Path slotDir : dirs.filter(Files::isDirectory).toList()) {
                try {
                    launcher.cleanUpLeftover(slotDir);
                } catch (RuntimeException e) {
                    LOG.warn("cannot clean up the warm slot {}: {}", slotDir, e.getMessage());
                }
                PmManager.deleteTree(slotDir);
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", dir, e.getMessage());
        }
    }

    private void refillForever() {
        while (true) {
            Integer size = null;
            String id;
            synchronized (this) {
                while (!closed && ((size = missingSize()) == null || !awaitQuiet())) {
                    if (size == null) {
                        deferredSince = 0; // full again (a slot given back): a later refill waits afresh
                        waitQuietly(1000);
                    }
                }
                if (closed || size == null) {
                    return;
                }
                id = PmManager.newId();
                starting.put(id, size); // live for the sweeper before its network is claimed
            }
            WarmSlot slot = startSlot(id, size);
            List<WarmSlot> unwanted = List.of();
            synchronized (this) {
                starting.remove(id);
                if (slot != null) {
                    if (enabled && !closed) {
                        idle.get(size).addLast(slot);
                        slot.process().onExit().thenRun(() -> died(slot));
                    } else {
                        unwanted = List.of(slot);
                    }
                }
            }
            unwanted.forEach(launcher::destroy);
            if (slot == null) {
                sleepQuietly(1000); // a slot that cannot start: do not retry in a tight loop
            }
        }
    }

    /**
     * Waits, the pool's lock released, until the host has been free of create and delete calls for
     * {@link #QUIET_NANOS}, or {@code maxDeferNanos} since this refill was first wanted, or at once while the pool is
     * short of slots ({@link #SHORT_OF_SLOTS_NANOS}). Returns true when the refill may start; false when the pool must be
     * looked at again first (it was woken: closed, switched off, resized, or a slot taken or died meanwhile).
     */
    private boolean awaitQuiet() {
        long now = System.nanoTime();
        if (deferredSince == 0) {
            deferredSince = now;
        }
        long quiet = work.quietNanos();
        long deferred = now - deferredSince;
        boolean shortOfSlots = lastShortOfSlots != 0 && now - lastShortOfSlots < SHORT_OF_SLOTS_NANOS;
        if (quiet >= QUIET_NANOS || deferred >= maxDeferNanos || shortOfSlots) {
            deferredSince = 0;
            return true;
        }
        long waitNanos = Math.min(QUIET_NANOS - quiet, maxDeferNanos - deferred);
        waitQuietly(Math.max(1, waitNanos / 1_000_000));
        return false;
    }

    /** The memory size that lacks an idle slot, if the pool is on and may fill now. */
    private Integer missingSize() {
        if (!enabled || !readyToFill.get()) {
            return null;
        }
        for (int size : memorySizes) {
            if (idle.get(size).size() < slotsPerSize) {
                return size;
            }
        }
        return null;
    }

    /** Starts a slot and waits until it is warm; null (and nothing left) when it fails. */
    private WarmSlot startSlot(String id, int memoryMb) {
        WarmSlot slot;
        try {
            slot = launcher.launch(id, memoryMb, portsPerSlot, dir.resolve(id));
        } catch (Exception e) {
            LOG.warn("cannot start a warm PM runtime of {} MB: {}", memoryMb, e.getMessage());
            return null;
        }
        long deadline = System.nanoTime() + WARM_PATIENCE_NANOS;
        while (!slot.isWarm()) {
            if (!slot.process().isAlive() || System.nanoTime() > deadline || isClosed()) {
                LOG.warn(
                        "warm PM runtime {} ({} MB) {}; removed",
                        id,
                        memoryMb,
                        slot.process().isAlive() ? "did not start in time" : "died while starting");
                launcher.destroy(slot);
                return null;
            }
            sleepQuietly(20);
        }
        LOG.info(
                "warm PM runtime {} ({} MB) ready: pid {}",
                id,
                memoryMb,
                slot.process().pid());
        return slot;
    }

    /** An idle slot's runtime ended: removed and, by the refiller, replaced. A handed-out one is its PM's concern. */
    private void died(WarmSlot slot) {
        boolean wasIdle;
        synchronized (this) {
            wasIdle = idle.get(slot.memoryMb()).remove(slot);
            notifyAll();
        }
        if (wasIdle) {
            LOG.warn("warm PM runtime {} died while idle (exit code {}); replacing it", slot.id(), exitCode(slot));
            launcher.destroy(slot);
        }
    }

    private static String exitCode(WarmSlot slot) {
        try {
            return Integer.toString(slot.process().exitValue());
        } catch (IllegalThreadStateException e) {
            return "?";
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private List<WarmSlot> drainIdle() {
        List<WarmSlot> drained = new java.util.ArrayList<>();
        idle.values().forEach(slots -> {
            drained.addAll(slots);
            slots.clear();
        });
        return drained;
    }

    private void waitQuietly(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the refills and removes every idle slot (daemon shutdown). */
    @Override
    public void close() {
        List<WarmSlot> drained;
        Thread thread;
        synchronized (this) {
            closed = true;
            enabled = false;
            drained = drainIdle();
            drained.addAll(handedOut.values());
            handedOut.clear();
            thread = refiller;
            notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(65_000); // a slot being started is removed by the refiller itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        drained.forEach(launcher::destroy);
    }
}
