package org.flowstream.common.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.flowstream.common.auth.Caller;
import org.flowstream.common.rpc.ReturnValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's task queue (§3.1.1). High-priority tasks always leave the queue before normal ones; within
 * a priority, first come first served. The queue is bounded: a full queue is refused at once. A task that
 * throws becomes a CODE_FAILURE result and the worker goes on with the next task.
 */
public final class TaskScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskScheduler.class);

    private final PriorityBlockingQueue<QueuedTask> queue = new PriorityBlockingQueue<>();
    private final TaskResults results;
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final AtomicLong arrival = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();
    private final int capacity;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    public TaskScheduler(String daemonName, int workerCount, int capacity, int keepResults) {
        if (workerCount < 1 || capacity < 1) {
            throw new IllegalArgumentException("a scheduler needs at least one worker and room for one task");
        }
        this.capacity = capacity;
        this.results = new TaskResults(keepResults);
        for (int i = 0; i < workerCount; i++) {
            Thread worker = new Thread(this::work, daemonName + "-task-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /**
     * Queues a task. Answers CODE_NOT_READY with the task id as value, or CODE_FAILURE when the queue is full.
     *
     * @param base the context of the call that started the task; the task sees it with its own id added
     */
    public ReturnValue submit(Task task, Object param, Priority priority, CallContext base) {
        if (!running) {
            return ReturnValue.failure("the daemon is shutting down and takes no new tasks");
        }
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            return ReturnValue.failure(
                    "task queue is full (%d tasks waiting); retry later or ask an operator to raise scheduler.queueCapacity"
                            .formatted(capacity));
        }
        int id = nextId.getAndIncrement();
        results.queued(id, task.displayName(), base.caller().name());
        queue.add(new QueuedTask(id, priority, arrival.getAndIncrement(), task, param, base));
        return ReturnValue.notReady(
                "task %d queued (%s priority); poll get_task_result(%d)"
                        .formatted(id, priority.name().toLowerCase(), id),
                id);
    }

    /**
     * The result of a task: CODE_NOT_READY while it waits or runs, then its own ReturnValue. A tenant asking
     * for another tenant's task is told it does not exist.
     */
    public ReturnValue result(int taskId, Caller caller) {
        return results.get(taskId, caller);
    }

    private void work() {
        while (running || !queue.isEmpty()) {
            QueuedTask next;
            try {
                next = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next != null) {
                waiting.decrementAndGet();
                run(next);
            }
        }
    }

    private void run(QueuedTask queued) {
        results.running(queued.id());
        ReturnValue outcome;
        try {
            outcome = queued.task().runTask(queued.param(), new ScheduledContext(queued.base(), queued.id()));
            if (outcome == null) {
                outcome = ReturnValue.success();
            }
        } catch (Throwable error) { // a task must never take the worker (or the daemon) down
            LOG.warn("task {} ({}) failed", queued.id(), queued.task().displayName(), error);
            outcome = ReturnValue.failure(
                    "task %s failed: %s".formatted(queued.task().displayName(), Failures.describe(error)));
        }
        results.finished(queued.id(), outcome);
    }

    /** Stops taking tasks, lets queued and running ones finish for up to {@code grace}, then stops the workers. */
    public void shutdown(Duration grace) {
        running = false;
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread worker : workers) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                worker.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workers.forEach(Thread::interrupt);
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }

    private record QueuedTask(int id, Priority priority, long arrival, Task task, Object param, CallContext base)
            implements Comparable<QueuedTask> {
        @Override
        public int compareTo(QueuedTask other) {
            int byPriority = priority.compareTo(other.priority); // HIGH is declared first
            return byPriority != 0 ? byPriority : Long.compare(arrival, other.arrival);
        }
    }

    private record ScheduledContext(CallContext base, int taskId) implements TaskContext {
        @Override
        public Caller caller() {
            return base.caller();
        }

        @Override
        public <D> D daemon(Class<D> type) {
            return base.daemon(type);
        }

        @Override
        public TaskScheduler scheduler() {
            return base.scheduler();
        }

        @Override
        public TaskLookup tasks() {
            return base.tasks();
        }

        @Override
        public java.util.Optional<String> refusal(String name, org.flowstream.common.auth.Role required) {
            return base.refusal(name, required);
        }
    }
}
