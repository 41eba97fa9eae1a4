package org.flowstream.resource.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flowstream.resource.allocation.Allocation;
import org.flowstream.resource.allocation.AllocationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's group commit, on a real SQLite file: concurrent writes share commits and each keeps its own outcome. */
class StateStoreTest {

    static final int THREADS = 16;
    static final int PER_THREAD = 30;

    @TempDir
    Path dir;

    private static Allocation fresh(String tenant) {
        return new Allocation(
                0, tenant, "request", AllocationState.ACCEPTED, "waiting", Map.of(), List.of(), false, 1.0, 64, 1, 1);
    }

    /** Runs {@code job(thread, i)} PER_THREAD times on each of THREADS threads, all starting together. */
    private static List<String> concurrently(Job job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                List<String> errors = new ArrayList<>();
                for (int i = 0; i < PER_THREAD; i++) {
                    try {
                        job.run(thread, i);
                    } catch (SQLException e) {
                        errors.add(e.getMessage());
                    }
                }
                return errors;
            }));
        }
        start.countDown();
        List<String> errors = new ArrayList<>();
        for (Future<List<String>> f : futures) {
            errors.addAll(f.get());
        }
        pool.shutdown();
        return errors;
    }

    interface Job {
        void run(int thread, int i) throws SQLException;
    }

    @Test
    void concurrentWritesShareCommitsAndEveryOneSurvivesAReopen() throws Exception {
        Path file = dir.resolve("state.db");
        long commits;
        try (StateStore store = new StateStore(file)) {
            List<String> errors = concurrently((thread, i) -> store.insert(fresh("t" + thread)));
            assertThat(errors).isEmpty();
            commits = store.commitCount();
        }
        assertThat(commits).as("16 writers at once share commits").isLessThan(THREADS * PER_THREAD);
        try (StateStore reopened = new StateStore(file)) {
            List<Allocation> all = reopened.liveAllocations();
            assertThat(all).hasSize(THREADS * PER_THREAD);
            assertThat(all.stream().map(Allocation::id).distinct().count()).isEqualTo(THREADS * PER_THREAD);
            for (int t = 0; t < THREADS; t++) {
                String tenant = "t" + t;
                assertThat(all.stream().filter(a -> a.tenant().equals(tenant)).count())
                        .isEqualTo(PER_THREAD);
            }
        }
    }

    @Test
    void aFailingWriteFailsAloneAndTheOthersOfItsBatchCommit() throws Exception {
        Path file = dir.resolve("state.db");
        try (StateStore store = new StateStore(file)) {
            Allocation missing = new Allocation(
                    999_999, "x", "request", AllocationState.ACTIVE, "", Map.of(), List.of(), false, 1, 1, 1, 1);
            List<String> errors = concurrently((thread, i) -> {
                if (i % 2 == 0) {
                    store.insert(fresh("t" + thread));
                } else {
                    store.update(missing);
                }
            });
            assertThat(errors)
                    .hasSize(THREADS * PER_THREAD / 2)
                    .allMatch(m -> m.equals("allocation 999999 is not stored"));
            assertThat(store.commitCount()).isLessThan(THREADS * PER_THREAD);
        }
        try (StateStore reopened = new StateStore(file)) {
            assertThat(reopened.liveAllocations()).hasSize(THREADS * PER_THREAD / 2);
            assertThat(reopened.allocation(999_999)).isEmpty();
        }
    }

    @Test
    void batchesTakeAtMostMaxBatchWrites() throws Exception {
        try (StateStore store = new StateStore(dir.resolve("one.db"), 1)) {
            assertThat(concurrently((thread, i) -> store.insert(fresh("t" + thread))))
                    .isEmpty();
            assertThat(store.commitCount()).as("one commit per write").isEqualTo(THREADS * PER_THREAD);
            assertThat(store.liveAllocations()).hasSize(THREADS * PER_THREAD);
        }
        try (StateStore store = new StateStore(dir.resolve("four.db"), 4)) {
            assertThat(concurrently((thread, i) -> store.insert(fresh("t" + thread))))
                    .isEmpty();
            assertThat(store.commitCount()).isBetween((long) THREADS * PER_THREAD / 4, (long) THREADS * PER_THREAD - 1);
            assertThat(store.liveAllocations()).hasSize(THREADS * PER_THREAD);
        }
    }

    @Test
    void aWriteAloneIsCommittedAtOnce() throws Exception {
        Path file = dir.resolve("state.db");
        try (StateStore store = new StateStore(file)) {
            Allocation a = store.insert(fresh("solo"));
            store.update(new Allocation(
                    a.id(),
                    "solo",
                    "request",
                    AllocationState.ACTIVE,
                    "active",
                    Map.of(),
                    List.of(),
                    true,
                    1.0,
                    64,
                    1,
                    2));
            assertThat(store.commitCount()).isEqualTo(2);
            try (StateStore second = new StateStore(file)) { // another connection sees it: it is committed
                assertThat(second.allocation(a.id()))
                        .get()
                        .extracting(Allocation::state)
                        .isEqualTo(AllocationState.ACTIVE);
            }
        }
    }
}
