package org.flowstream.resource.allocation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flowstream.common.task.StepTask;

/**
 * Where one install or delete spent its time, for the log: how long it waited for a scheduler worker, each step,
 * and what the steps spent in store commits. Under many concurrent tenants this says which of queueing, placement,
 * the module hosts' create_pm, the openflow daemon's rules or the store's disk flushes an allocation waited for
 * (docs/resource-daemon.md, "Where an install waits"). One install's times are kept by its task thread alone.
 */
final class StepTimes {

    private final long queuedNanos;
    private long startedNanos;
    private final List<String> steps = new ArrayList<>();

    /** @param queuedNanos {@link System#nanoTime()} when the task was queued */
    StepTimes(long queuedNanos) {
        this.queuedNanos = queuedNanos;
    }

    /** The task left the queue: the wait for a scheduler worker ends here. */
    void started() {
        startedNanos = System.nanoTime();
    }

    /** Runs a step and notes its duration under {@code name}; a step that throws is noted too. */
    void measure(String name, StepTask.Body body) throws Exception {
        long start = System.nanoTime();
        try {
            body.run();
        } finally {
            steps.add(name + " " + millisSince(start) + " ms");
        }
    }

    /** Notes a step timed elsewhere (one of two run side by side). */
    void note(String name, long nanos) {
        steps.add(name + " " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms");
    }

    /**
     * One line: "1234 ms after it was queued: waited for a worker 800 ms, place 3 ms, ...; store 40 ms in 6 writes".
     *
     * @param store the allocation's store writes meanwhile, from {@link AllocationBook#takeWriteTime}
     */
    String summary(AllocationBook.WriteTime store) {
        return "%d ms after it was queued: waited for a worker %d ms, %s; store writes %d ms in %d"
                .formatted(
                        millisSince(queuedNanos),
                        TimeUnit.NANOSECONDS.toMillis(startedNanos - queuedNanos),
                        String.join(", ", steps),
                        TimeUnit.NANOSECONDS.toMillis(store.nanos()),
                        store.writes());
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
