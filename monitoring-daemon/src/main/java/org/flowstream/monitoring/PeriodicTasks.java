package org.flowstream.monitoring;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Priority;
import org.flowstream.common.task.Task;
import org.flowstream.common.task.TaskContext;
import org.flowstream.common.task.TaskScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work as the spec wants it (§3.1.1): a timer only queues normal-priority tasks on the daemon's
 * scheduler, which runs them when no high-priority task waits, so monitoring never delays a tenant. A job
 * whose previous run is still queued or running is not queued again: a slow round skips beats rather than
 * piling up.
 */
final class PeriodicTasks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicTasks.class);

    private final TaskScheduler scheduler;
    private final CallContext context;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "monitoring-timer");
        t.setDaemon(true);
        return t;
    });

    PeriodicTasks(TaskScheduler scheduler, CallContext context) {
        this.scheduler = scheduler;
        this.context = context;
    }

    /** A job that can be queued at its interval and, in between, on demand. */
    final class Job {
        private final String name;
        private final Runnable work;
        private final AtomicBoolean inFlight = new AtomicBoolean();

        private Job(String name, Runnable work) {
            this.name = name;
            this.work = work;
        }

        /** Queues the job now unless it is already queued or running; answers whether it was queued. */
        boolean queue() {
            if (!inFlight.compareAndSet(false, true)) {
                return false;
            }
            ReturnValue queued = scheduler.submit(
                    new Task() {
                        @Override
                        public ReturnValue runTask(Object param, TaskContext ignored) {
                            try {
                                work.run();
                                return ReturnValue.success(name + " done", null);
                            } finally {
                                inFlight.set(false);
                            }
                        }

                        @Override
                        public String displayName() {
                            return name;
                        }
                    },
                    null,
                    Priority.NORMAL,
                    context);
            if (queued.isFailure()) {
                inFlight.set(false);
                if (!queued.message().contains("shutting down")) {
                    LOG.warn("{} not queued: {}", name, queued.message());
                }
                return false;
            }
            return true;
        }
    }

    Job every(String name, long intervalMillis, Runnable work) {
        Job job = new Job(name, work);
        timer.scheduleWithFixedDelay(job::queue, 0, intervalMillis, TimeUnit.MILLISECONDS);
        return job;
    }

    Job onDemand(String name, Runnable work) {
        return new Job(name, work);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
