package org.flowstream.resource.allocation;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.flowstream.resource.store.StateStore;

/**
 * The allocations, in memory and in the store. Every change is written to the store before it is visible
 * here, so what callers are told always matches what a restarted daemon will find.
 */
public final class AllocationBook {

    private final StateStore store;
    private final Map<Integer, Allocation> live = new ConcurrentSkipListMap<>();
    private final Map<Integer, Object> locks = new ConcurrentHashMap<>();
    /** Counts changes, so a waiter for an allocation's state wakes on each (await_allocation); guards itself. */
    private final Object changed = new Object();

    private long changes;
    /** Store writes of the allocations whose install or delete is being timed (StepTimes), by id. */
    private final Map<Integer, WriteTime> timed = new ConcurrentHashMap<>();

    /** Time spent in store writes (each a commit, or a share of a group commit) and how many. */
    record WriteTime(long nanos, int writes) {
        WriteTime plus(WriteTime other) {
            return new WriteTime(nanos + other.nanos, writes + other.writes);
        }
    }

    public AllocationBook(StateStore store) throws SQLException {
        this.store = store;
        store.liveAllocations().forEach(a -> live.put(a.id(), a));
    }

    /** Stores a newly accepted allocation; when this returns, the request may be acknowledged. */
    public Allocation create(String tenant, String request, double cpuCores, long memoryMb) throws SQLException {
        long now = System.currentTimeMillis();
        Allocation stored = store.insert(new Allocation(
                0,
                tenant,
                request,
                AllocationState.ACCEPTED,
                "waiting to be installed",
                Map.of(),
                List.of(),
                false,
                cpuCores,
                memoryMb,
                now,
                now));
        live.put(stored.id(), stored);
        changed();
        return stored;
    }

    /** Applies a change, persisting it first. Deleted allocations leave memory but stay in the store. */
    public Allocation update(int id, UnaryOperator<Allocation> change) throws SQLException {
        synchronized (lock(id)) {
            Allocation current = get(id).orElseThrow(() -> new IllegalStateException("allocation " + id + " is gone"));
            Allocation next = change.apply(current);
            long start = System.nanoTime();
            store.update(next);
            timed.computeIfPresent(id, (k, sum) -> sum.plus(new WriteTime(System.nanoTime() - start, 1)));
            if (next.state() == AllocationState.DELETED) {
                live.remove(id);
            } else {
                live.put(id, next);
            }
            changed();
            return next;
        }
    }

    /** How many changes the book has seen; with {@link #awaitChange}, a wait for the next that misses none. */
    public long changes() {
        synchronized (changed) {
            return changes;
        }
    }

    /** Waits until the book has seen a change after {@code seen} (from {@link #changes}), at most {@code nanos}. */
    public void awaitChange(long seen, long nanos) throws InterruptedException {
        synchronized (changed) {
            if (changes == seen) {
                TimeUnit.NANOSECONDS.timedWait(changed, nanos);
            }
        }
    }

    private void changed() {
        synchronized (changed) {
            changes++;
            changed.notifyAll();
        }
    }

    public Optional<Allocation> get(int id) {
        return Optional.ofNullable(live.get(id));
    }

    /** A deleted allocation is still answered for (its final state), from the store. */
    public Optional<Allocation> getIncludingDeleted(int id) throws SQLException {
        Allocation a = live.get(id);
        return a != null ? Optional.of(a) : store.allocation(id);
    }

    public List<Allocation> live() {
        return List.copyOf(live.values());
    }

    public List<Allocation> ofTenant(String tenant) {
        return live.values().stream().filter(a -> a.tenant().equals(tenant)).toList();
    }

    /** From now on, the allocation's store writes are summed until {@link #takeWriteTime}. */
    void timeWrites(int id) {
        timed.put(id, new WriteTime(0, 0));
    }

    /** The allocation's store writes since {@link #timeWrites}, and stops summing them. */
    WriteTime takeWriteTime(int id) {
        WriteTime sum = timed.remove(id);
        return sum == null ? new WriteTime(0, 0) : sum;
    }

    /** One lock per allocation: its install, delete and recovery never overlap. */
    public Object lock(int id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }
}
