package org.flowstream.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.flowstream.common.auth.Caller;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Priority;
import org.flowstream.common.task.StepTask;
import org.flowstream.common.task.TaskLookup;
import org.flowstream.common.task.TaskScheduler;
import org.junit.jupiter.api.Test;

/** Monitoring work runs as normal-priority tasks: a tenant's high-priority task queued after it still runs first. */
class PeriodicTasksTest {

    @Test
    void aPollQueuedBeforeATenantsTaskRunsAfterItAndIsNeverQueuedTwice() throws Exception {
        try (TaskScheduler scheduler = new TaskScheduler("t", 1, 100, 100)) {
            CallContext context = new CallContext() {
                public Caller caller() {
                    return Caller.DAEMON;
                }

                public <D> D daemon(Class<D> type) {
                    throw new UnsupportedOperationException();
                }

                public TaskScheduler scheduler() {
                    return scheduler;
                }

                public TaskLookup tasks() {
                    return name -> java.util.Optional.empty();
                }
            };
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            scheduler.submit(
                    new StepTask("busy", () -> gate.await(10, TimeUnit.SECONDS)), null, Priority.HIGH, context);
            try (PeriodicTasks periodic = new PeriodicTasks(scheduler, context)) {
                PeriodicTasks.Job poll = periodic.onDemand("poll", () -> {
                    order.add("poll");
                    done.countDown();
                });
                assertThat(poll.queue()).isTrue();
                assertThat(poll.queue()).isFalse(); // still queued: not piled up
                ReturnValue tenant = scheduler.submit(
                        new StepTask("tenant", () -> order.add("tenant")), null, Priority.HIGH, context);
                assertThat(tenant.isNotReady()).isTrue();
                gate.countDown();
                assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(order).containsExactly("tenant", "poll");
                boolean queuedAgain = false;
                for (int i = 0; i < 500 && !queuedAgain; i++) {
                    queuedAgain = poll.queue(); // once finished, the job may be queued again
                    Thread.sleep(10);
                }
                assertThat(queuedAgain).isTrue();
            }
        }
    }
}
