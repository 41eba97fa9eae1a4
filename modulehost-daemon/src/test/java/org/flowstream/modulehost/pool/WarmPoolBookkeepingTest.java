package org.flowstream.modulehost.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.flowstream.contracts.records.modulehost.WarmPoolState;
import org.flowstream.modulehost.pm.PmWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool's own bookkeeping, with slots that are plain {@code sleep} processes instead of PM runtimes (the real slots,
 * namespaces and PMs are in the module host's {@code WarmPoolTest}): it fills each size, hands out the warmest slot
 * and refills, misses a size or port count it has no slot for, takes back a slot that was not used, replaces a slot
 * that dies, empties when switched off or resized down, and removes what a previous run's slots left.
 */
class WarmPoolBookkeepingTest {

    @TempDir
    Path dir;

    /** A longest deferral no test waits for. */
    private static final long FOREVER = Long.MAX_VALUE / 2;

    private final SleepingSlots launcher = new SleepingSlots();
    private WarmPool pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
        launcher.live.values().forEach(Process::destroyForcibly);
    }

    @Test
    void fillsEachSizeHandsOutTheWarmestAndRefills() throws Exception {
        pool = new WarmPool(launcher, dir, List.of(128, 256), 2, 3, () -> true, new PmWork());
        pool.enable(true);
        await(() -> warm(128) == 2 && warm(256) == 2);
        assertThat(pool.liveIds()).hasSize(4);

        String oldest = launcher.launched.get(0);
        Optional<WarmSlot> slot = pool.take(128, 2);
        assertThat(slot).isPresent();
        assertThat(slot.get().id()).as("the warmest: started first").isEqualTo(oldest);
        assertThat(pool.liveIds()).as("a handed-out slot stays in use").contains(oldest);
        assertThat(pool.claim(oldest)).contains(slot.get());
        assertThat(pool.claim(oldest)).as("claimed once").isEmpty();
        await(() -> warm(128) == 2);
        assertThat(launcher.launched).hasSize(5);

        assertThat(pool.take(192, 1)).as("no pool of that size").isEmpty();
        assertThat(pool.take(128, 4)).as("more ports than a slot made").isEmpty();
        WarmPoolState described = pool.describe();
        assertThat(described.pmsFromSlots()).isEqualTo(1L);
        assertThat(described.pmsWithoutSlot()).isEqualTo(2L);
    }

    @Test
    void aSlotNotUsedGoesBackAndADeadOneIsReplaced() throws Exception {
        pool = new WarmPool(launcher, dir, List.of(128), 1, 3, () -> true, new PmWork());
        pool.enable(true);
        await(() -> warm(128) == 1);
        WarmSlot slot = pool.take(128, 1).orElseThrow();
        await(() -> warm(128) == 1); // refilled meanwhile
        pool.giveBack(slot.id());
        assertThat(pool.liveIds()).contains(slot.id());
        assertThat(pool.take(128, 1)).as("given back: the warmest again").contains(slot);
        pool.giveBack(slot.id());

        slot.process().destroyForcibly();
        await(() -> launcher.destroyed.contains(slot.id())
                && warm(128) >= 1
                && !pool.liveIds().contains(slot.id()));
    }

    @Test
    void switchedOffOrResizedDownItRemovesIdleSlots() throws Exception {
        pool = new WarmPool(launcher, dir, List.of(128), 3, 3, () -> true, new PmWork());
        pool.enable(true);
        await(() -> warm(128) == 3);
        pool.resize(1);
        assertThat(warm(128)).isEqualTo(1);
        assertThat(launcher.destroyed).hasSize(2);
        pool.enable(false);
        assertThat(pool.liveIds()).isEmpty();
        assertThat(pool.take(128, 1)).isEmpty();
        assertThat(launcher.destroyed).hasSize(3);
    }

    @Test
    void waitsForTheAotCacheBeforeItFills() throws Exception {
        boolean[] ready = {false};
        pool = new WarmPool(launcher, dir, List.of(128), 1, 3, () -> ready[0], new PmWork());
        pool.enable(true);
        Thread.sleep(300);
        assertThat(launcher.launched).isEmpty();
        ready[0] = true;
        await(() -> warm(128) == 1);
    }

    @Test
    void aRefillWaitsForTheQuietAfterCreatesAndDeletesThenRefills() throws Exception {
        PmWork work = new PmWork();
        pool = new WarmPool(launcher, dir, List.of(128), 1, 3, () -> true, work, FOREVER);
        pool.enable(true);
        await(() -> warm(128) == 1);
        work.began(); // a create_pm takes the slot and configures it
        pool.take(128, 1).orElseThrow();
        Thread.sleep(500);
        assertThat(launcher.launched).as("no refill while a create runs").hasSize(1);
        work.ended();
        await(() -> warm(128) == 1);
        assertThat(launcher.launched).as("refilled once the create was over").hasSize(2);
    }

    @Test
    void underSteadyWorkARefillWaitsOnlySoLong() throws Exception {
        PmWork work = new PmWork();
        pool = new WarmPool(launcher, dir, List.of(128), 1, 3, () -> true, work, 200_000_000L);
        pool.enable(true);
        await(() -> warm(128) == 1);
        work.began(); // never ends in this test: creates keep coming
        pool.take(128, 1).orElseThrow();
        await(() -> warm(128) == 1); // refilled though the host never fell quiet
        assertThat(launcher.launched).hasSize(2);
    }

    @Test
    void aCreateThatFindsThePoolEmptyMakesRefillsStartAtOnce() throws Exception {
        PmWork work = new PmWork();
        pool = new WarmPool(launcher, dir, List.of(128), 1, 3, () -> true, work, FOREVER);
        pool.enable(true);
        await(() -> warm(128) == 1);
        work.began(); // never ends: only being short of slots lets the refill start
        pool.take(128, 1).orElseThrow();
        assertThat(pool.take(128, 1))
                .as("the pool is empty: this PM starts its own JVM")
                .isEmpty();
        await(() -> warm(128) == 1);
        assertThat(launcher.launched).hasSize(2);
    }

    @Test
    void removesWhatAPreviousRunsSlotsLeft() throws Exception {
        Files.createDirectories(dir.resolve("abc123"));
        Files.writeString(dir.resolve("abc123").resolve(WarmSlot.RECORD), "id=abc123\n");
        pool = new WarmPool(launcher, dir, List.of(128), 1, 3, () -> true, new PmWork());
        pool.cleanUpLeftovers();
        assertThat(launcher.cleanedUp).containsExactly(dir.resolve("abc123"));
        assertThat(dir.resolve("abc123")).doesNotExist();
    }

    private long warm(int size) {
        return pool.describe().memoryMb().get(Integer.toString(size)).warm();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("within 15 s").isTrue();
    }

    /** Slots that are sleep processes, warm at once. */
    private static final class SleepingSlots implements SlotLauncher {
        final List<String> launched = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Set<String> destroyed = ConcurrentHashMap.newKeySet();
        final List<Path> cleanedUp = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Map<String, Process> live = new ConcurrentHashMap<>();

        @Override
        public WarmSlot launch(String id, int memoryMb, int ports, Path dir) throws Exception {
            Files.createDirectories(dir);
            Files.createFile(dir.resolve("warm"));
            Process process = new ProcessBuilder("sleep", "300").start();
            live.put(id, process);
            launched.add(id);
            return new WarmSlot(id, memoryMb, dir, null, null, process);
        }

        @Override
        public void destroy(WarmSlot slot) {
            slot.process().destroyForcibly();
            destroyed.add(slot.id());
        }

        @Override
        public void cleanUpLeftover(Path dir) {
            cleanedUp.add(dir);
        }
    }
}
