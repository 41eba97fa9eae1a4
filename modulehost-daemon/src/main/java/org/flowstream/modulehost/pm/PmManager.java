package org.flowstream.modulehost.pm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.modulehost.basesys.BaseSystem;
import org.flowstream.modulehost.basesys.BaseSystems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PMs of this host by name: creates them through their base system and waits until they are up, watches
 * their processes (a PM that dies is marked failed with its exit code and reported through
 * {@code onFailure}), and deletes them with everything they had.
 */
public final class PmManager {

    private static final Logger LOG = LoggerFactory.getLogger(PmManager.class);

    private final BaseSystems baseSystems;
    private final Path pmRoot;
    private final Duration startTimeout;
    private final Consumer<PmInstance> onFailure;
    private final Map<String, PmInstance> pms = new ConcurrentHashMap<>();
    private final BooleanSupplier oneAtATime;
    /** The creates and deletes running now: the warm pool refills only when they are over. */
    private final PmWork work;
    /** Per group of PMs (see {@link #startGroup}), held for a whole start while {@code oneAtATime} says so. */
    private final Map<String, ReentrantLock> startTurns = new ConcurrentHashMap<>();

    /**
     * @param oneAtATime asked at every create: true makes the PMs of one group (one allocation) start one after
     *                   another on this host, the way the resource daemon started them before it started them
     *                   side by side; kept for the baseline of bench activate
     */
    public PmManager(
            BaseSystems baseSystems,
            Path pmRoot,
            Duration startTimeout,
            Consumer<PmInstance> onFailure,
            BooleanSupplier oneAtATime) {
        this(baseSystems, pmRoot, startTimeout, onFailure, oneAtATime, new PmWork());
    }

    /** @param work told when each create and delete begins and ends (the warm pool waits for the quiet after them) */
    public PmManager(
            BaseSystems baseSystems,
            Path pmRoot,
            Duration startTimeout,
            Consumer<PmInstance> onFailure,
            BooleanSupplier oneAtATime,
            PmWork work) {
        this.work = work;
        this.baseSystems = baseSystems;
        this.pmRoot = pmRoot;
        this.startTimeout = startTimeout;
        this.onFailure = onFailure;
        this.oneAtATime = oneAtATime;
    }

    /**
     * Creates a PM and returns it running. A name already in use, an unknown base system, or a PM that dies or
     * does not come up in time is an exception whose message says why; nothing is left behind then.
     */
    public PmInstance create(PmSpec spec) throws Exception {
        work.began();
        try {
            return createPm(spec);
        } finally {
            work.ended();
        }
    }

    private PmInstance createPm(PmSpec spec) throws Exception {
        BaseSystem system = baseSystems.require(spec.basesys());
        if (pms.containsKey(spec.name())) {
            throw nameInUse(spec);
        }
        String id = system.newId(spec); // a pre-started runtime's id when the base system has one for this PM
        PmInstance instance = new PmInstance(spec, id);
        if (pms.putIfAbsent(spec.name(), instance) != null) {
            system.abandon(id);
            throw nameInUse(spec);
        }
        ReentrantLock turn = oneAtATime.getAsBoolean()
                ? startTurns.computeIfAbsent(startGroup(spec.name()), g -> new ReentrantLock(true))
                : null;
        if (turn != null) {
            turn.lock();
        }
        try {
            long started = System.nanoTime();
            if (instance.deletedWhileStarting()) { // while it waited for its turn
                throw deletedWhileStarting(instance);
            }
            PmHandle handle = system.start(spec, id, pmRoot.resolve(spec.name()));
            instance.attach(handle);
            handle.onExit().thenAccept(code -> exited(instance, code));
            awaitReady(instance, handle);
            if (instance.deletedWhileStarting()) {
                throw deletedWhileStarting(instance);
            }
            LOG.info(
                    "PM {} is up {} ms after create_pm began{}",
                    spec.name(),
                    (System.nanoTime() - started) / 1_000_000,
                    handle.startupDetails());
            return instance;
        } catch (Exception | Error e) {
            pms.remove(spec.name(), instance);
            PmHandle handle = instance.handle();
            instance.stopping();
            if (handle != null) {
                handle.destroy();
            } else {
                system.abandon(id); // never started (deleted while it waited): a warm slot it was given goes back
            }
            deleteTree(pmRoot.resolve(spec.name())); // its output is in the message
            throw e;
        } finally {
            instance.startEnded();
            if (turn != null) {
                turn.unlock();
            }
        }
    }

    /** A new PM instance id: 6 hex digits, which name its namespace, cgroup, switch ports and claim. */
    public static String newId() {
        return Integer.toHexString(0x100000 | ThreadLocalRandom.current().nextInt(0xf00000))
                .substring(0, 6);
    }

    private static BadParameterException nameInUse(PmSpec spec) {
        return new BadParameterException(
                "a PM named '%s' already exists on this host; delete it first or choose another name"
                        .formatted(spec.name()));
    }

    private static IllegalStateException deletedWhileStarting(PmInstance instance) {
        return new IllegalStateException(
                "PM %s was deleted (delete_pm) while it was starting".formatted(instance.name()));
    }

    /**
     * The group a PM belongs to for one-at-a-time starts: the resource daemon names PMs after their allocation
     * ({@code a<id>-<pm>}), so the part before the first '-'; a name without one is a group of its own.
     */
    static String startGroup(String pmName) {
        int dash = pmName.indexOf('-');
        return dash > 0 ? pmName.substring(0, dash) : pmName;
    }

    private void awaitReady(PmInstance instance, PmHandle handle) throws Exception {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!handle.isReady()) {
            if (!handle.isAlive()) {
                int code = handle.onExit().get();
                throw new IllegalStateException("PM %s exited with code %d while starting:\n%s"
                        .formatted(instance.name(), code, handle.failureDetails()));
            }
            if (instance.deletedWhileStarting()) {
                throw deletedWhileStarting(instance);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "PM %s did not come up within %d s (machine overloaded?); its output:\n%s"
                                .formatted(instance.name(), startTimeout.toSeconds(), handle.failureDetails()));
            }
            Thread.sleep(
                    5); // a stat() per round: cheap, and a PM (from the warm pool: 0.1-0.3 s) is seen up within 5 ms
        }
        handle.ready();
        instance.running();
    }

    private void exited(PmInstance instance, int code) {
        PmHandle handle = instance.handle();
        String details = handle == null ? "" : handle.failureDetails();
        if (instance.failed(code, describeExit(code) + (details.isEmpty() ? "" : "\n" + details))) {
            LOG.warn("PM {} (pid {}) died: exit code {}", instance.name(), handle == null ? "?" : handle.pid(), code);
            try {
                onFailure.accept(instance);
            } catch (RuntimeException e) {
                LOG.warn("cannot report the failure of PM {}", instance.name(), e);
            }
        }
    }

    static String describeExit(int code) {
        if (code > 128 && code < 128 + 65) {
            int signal = code - 128;
            String name = switch (signal) {
                case 9 -> "SIGKILL";
                case 15 -> "SIGTERM";
                case 11 -> "SIGSEGV";
                case 6 -> "SIGABRT";
                default -> "signal " + signal;
            };
            return "the PM process was killed by " + name + " (exit code " + code + ")";
        }
        if (code < 0) {
            return "the PM process ended (it was adopted after a module host restart, so its exit code is unknown)";
        }
        if (code == 3) {
            return "the PM process ran out of Java heap and exited (exit code 3, -XX:+ExitOnOutOfMemoryError)";
        }
        return "the PM process exited with code " + code;
    }

    /** Deletes a PM: stops its process and removes its namespace, ports and limits. */
    public PmInstance delete(String name) {
        work.began();
        try {
            return deletePm(name);
        } finally {
            work.ended();
        }
    }

    private PmInstance deletePm(String name) {
        PmInstance instance = pms.get(name);
        if (instance == null) {
            throw new BadParameterException("no PM named '%s' on this host (list_pms shows them)".formatted(name));
        }
        if (instance.state() == PmState.STARTING) {
            // Its creator owns the starting process: it stops it and cleans up (its create_pm answers that the PM was
            // deleted). A caller whose create_pm timed out deletes this way, and must not leave the PM behind.
            instance.deleteWhileStarting();
            awaitStartEnded(instance);
            if (pms.get(name) != instance) {
                return instance;
            }
        }
        instance.stopping();
        try {
            PmHandle handle = instance.handle();
            if (handle != null) {
                handle.destroy();
            }
        } finally {
            pms.remove(name, instance);
            deleteTree(pmRoot.resolve(name));
        }
        return instance;
    }

    private void awaitStartEnded(PmInstance instance) {
        try {
            if (!instance.awaitStartEnded(startTimeout.plusSeconds(10))) {
                throw new IllegalStateException("PM '%s' is still starting after %d s; try again"
                        .formatted(instance.name(), startTimeout.toSeconds() + 10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while PM '%s' was stopping".formatted(instance.name()), e);
        }
    }

    /**
     * The control channel of a running PM, opened if it was not yet (a PM opens it only when first asked); throws,
     * saying why, when there is no such PM or it cannot open it.
     */
    public org.flowstream.modulehost.control.PmControlClient controlChannel(String name) throws java.io.IOException {
        PmInstance instance = pms.get(name);
        if (instance == null || instance.handle() == null) {
            throw new BadParameterException("no PM named '%s' on this host (list_pms shows them)".formatted(name));
        }
        instance.handle().openControlChannel();
        return new org.flowstream.modulehost.control.PmControlClient(
                directoryOf(name).resolve(org.flowstream.modulehost.basesys.LinuxNetnsBaseSystem.CONTROL_SOCKET));
    }

    /** The directory of a PM's files (configuration, statistics, log, control socket). */
    public Path directoryOf(String name) {
        return pmRoot.resolve(name);
    }

    public Collection<PmInstance> list() {
        List<PmInstance> list = new ArrayList<>(pms.values());
        list.sort(java.util.Comparator.comparing(PmInstance::name));
        return list;
    }

    public PmInstance get(String name) {
        return pms.get(name);
    }

    /**
     * Takes over the PMs a previous run of this daemon left running (it was killed or restarted; they were not),
     * so that their traffic is not interrupted, and cleans up after those that no longer run. Their directories
     * under the PM root tell what they had. Called at start, before any PM is created. Whether an adopted PM
     * is still wanted is the resource daemon's call: it deletes those no allocation claims when this host
     * registers again.
     *
     * @return the names of the PMs adopted
     */
    public List<String> adoptOrCleanUpLeftovers() {
        List<String> adopted = new ArrayList<>();
        if (!java.nio.file.Files.isDirectory(pmRoot)) {
            return adopted;
        }
        try (var dirs = java.nio.file.Files.list(pmRoot)) {
            for (Path dir : dirs.filter(java.nio.file.Files::isDirectory).toList()) {
                if (adopt(dir)) {
                    adopted.add(dir.getFileName().toString());
                } else {
                    cleanUp(dir);
                }
            }
        } catch (java.io.IOException e) {
            LOG.warn("cannot list {}: {}", pmRoot, e.getMessage());
        }
        return adopted;
    }

    private boolean adopt(Path dir) {
        for (BaseSystem system : baseSystems.all()) {
            var survivor = system.adopt(dir);
            if (survivor.isPresent()
                    && survivor.get().spec().name().equals(dir.getFileName().toString())) {
                PmInstance instance =
                        new PmInstance(survivor.get().spec(), survivor.get().id());
                instance.attach(survivor.get().handle());
                instance.running();
                pms.put(instance.name(), instance);
                survivor.get().handle().onExit().thenAccept(code -> exited(instance, code));
                return true;
            }
        }
        return false;
    }

    private void cleanUp(Path dir) {
        for (BaseSystem system : baseSystems.all()) {
            try {
                system.cleanUpLeftover(dir);
            } catch (RuntimeException e) {
                LOG.warn("cannot clean up {}: {}", dir, e.getMessage());
            }
        }
        deleteTree(dir);
    }

    /** Deletes a directory and everything in it, as far as it can. */
    public static void deleteTree(Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            LOG.debug("cannot delete {}", dir, e);
        }
    }

    /** Deletes every PM (daemon shutdown: a stopped module host leaves nothing running). */
    public void deleteAll() {
        for (PmInstance pm : list()) {
            try {
                delete(pm.name());
            } catch (RuntimeException e) {
                LOG.warn("cannot delete PM {}", pm.name(), e);
            }
        }
    }
}
