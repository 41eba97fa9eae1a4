package org.flowstream.resource.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flowstream.common.io.FileTrees;
import org.flowstream.resource.allocation.Allocation;
import org.flowstream.resource.allocation.AllocationState;
import org.flowstream.resource.store.StateStore;

/**
 * bench api --method store: durable writes per second of the resource daemon's store with 1, 4 and 16 writers
 * (an install makes about seven), with group commit as the daemon runs it and, as the baseline in the same run,
 * one commit per write. Each write is an allocation insert on a fresh SQLite file in WAL mode with
 * synchronous=FULL, so the figure is bound by the disk's flush time.
 */
public final class StoreWriteBench {

    private StoreWriteBench() {}

    public static List<Map<String, Object>> run(List<Integer> writerCounts, int writes) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        writesPerSecond(4, writes, StateStore.MAX_BATCH); // warm-up of both paths: JIT, SQLite's native library
        writesPerSecond(4, writes, 1);
        for (int writers : writerCounts) {
            double grouped = writesPerSecond(writers, writes, StateStore.MAX_BATCH);
            double alone = writesPerSecond(writers, writes, 1);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("writers", writers);
            row.put("group_commit_writes_per_second", Math.round(grouped));
            row.put("commit_per_write_writes_per_second", Math.round(alone));
            row.put("ratio", Math.round(grouped / alone * 100) / 100.0);
            rows.add(row);
        }
        return rows;
    }

    private static double writesPerSecond(int writers, int writes, int maxBatch) throws Exception {
        Path dir = Files.createTempDirectory("flowstream-bench-store");
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (StateStore store = new StateStore(dir.resolve("state.db"), maxBatch)) {
            insert(store, 50); // warm-up: statement compilation, JIT
            int each = Math.max(1, writes / writers);
            List<Future<?>> done = new ArrayList<>();
            long start = System.nanoTime();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> insert(store, each)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return each * writers / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
            FileTrees.delete(dir);
        }
    }

    private static Void insert(StateStore store, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            store.insert(new Allocation(
                    0,
                    "bench",
                    "request",
                    AllocationState.ACCEPTED,
                    "waiting",
                    Map.of(),
                    List.of(),
                    false,
                    1.0,
                    64,
                    i,
                    i));
        }
        return null;
    }
}
