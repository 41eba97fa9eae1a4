package org.flowstream.common.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.flowstream.common.auth.Caller;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskSchedulerTest {

    private static final Caller ALICE = new Caller("alice", Role.TENANT);
    private static final Caller BOB = new Caller("bob", Role.TENANT);

    private TaskScheduler scheduler;

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.shutdown(java.time.Duration.ofSeconds(2));
        }
    }

    @Test
    void highPriorityTasksRunBeforeNormalOnesQueuedEarlier() throws Exception {
        scheduler = new TaskScheduler("t", 1, 100, 100);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        scheduler.submit(blocking(release), null, Priority.NORMAL, context(ALICE));
        for (int i = 0; i < 3; i++) {
            scheduler.submit(recording(order, "normal" + i), null, Priority.NORMAL, context(ALICE));
        }
        for (int i = 0; i < 3; i++) {
            scheduler.submit(recording(order, "high" + i), null, Priority.HIGH, context(ALICE));
        }
        int last = id(scheduler.submit(recording(order, "end"), null, Priority.NORMAL, context(ALICE)));
        release.countDown();
        await(last, ALICE);
        assertThat(order).containsExactly("high0", "high1", "high2", "normal0", "normal1", "normal2", "end");
    }

    @Test
    void resultIsNotReadyWhileRunningThenTheTasksOwn() throws Exception {
        scheduler = new TaskScheduler("t", 1, 10, 10);
        CountDownLatch release = new CountDownLatch(1);
        int id = id(scheduler.submit(blocking(release), null, Priority.HIGH, context(ALICE)));
        assertThat(scheduler.result(id, ALICE).code()).isEqualTo(ReturnValue.CODE_NOT_READY);
        release.countDown();
        assertThat(await(id, ALICE).message()).isEqualTo("released");
    }

    @Test
    void aThrowingTaskBecomesAFailureAndTheWorkerGoesOn() throws Exception {
        scheduler = new TaskScheduler("t", 1, 10, 10);
        int bad = id(scheduler.submit(
                task((p, c) -> {
                    throw new IllegalStateException("disk on fire");
                }),
                null,
                Priority.NORMAL,
                context(ALICE)));
        int good = id(scheduler.submit(
                task((p, c) -> ReturnValue.success("fine", null)), null, Priority.NORMAL, context(ALICE)));
        ReturnValue failed = await(bad, ALICE);
        assertThat(failed.isFailure()).isTrue();
        assertThat(failed.message()).contains("disk on fire");
        assertThat(await(good, ALICE).message()).isEqualTo("fine");
    }

    @Test
    void aFullQueueIsRefusedAtOnce() throws Exception {
        scheduler = new TaskScheduler("t", 1, 2, 10);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        scheduler.submit(
                task((p, c) -> {
                    started.countDown();
                    release.await();
                    return ReturnValue.success();
                }),
                null,
                Priority.NORMAL,
                context(ALICE));
        started.await(5, TimeUnit.SECONDS);
        assertThat(scheduler
                        .submit(blocking(release), null, Priority.NORMAL, context(ALICE))
                        .isNotReady())
                .isTrue();
        assertThat(scheduler
                        .submit(blocking(release), null, Priority.NORMAL, context(ALICE))
                        .isNotReady())
                .isTrue();
        ReturnValue refused = scheduler.submit(blocking(release), null, Priority.HIGH, context(ALICE));
        assertThat(refused.isFailure()).isTrue();
        assertThat(refused.message()).contains("queue is full");
        release.countDown();
    }

    @Test
    void aTenantCannotReadAnotherTenantsTask() throws Exception {
        scheduler = new TaskScheduler("t", 1, 10, 10);
        int id = id(scheduler.submit(
                task((p, c) -> ReturnValue.success("secret", null)), null, Priority.NORMAL, context(ALICE)));
        await(id, ALICE);
        assertThat(scheduler.result(id, BOB).message()).contains("unknown task id");
        assertThat(scheduler.result(id, new Caller("root", Role.OPERATOR)).message())
                .isEqualTo("secret");
    }

    @Test
    void compoundRunsStepsInOrderAndStopsAtTheFirstFailureUndoingWhatWasDone() throws Exception {
        scheduler = new TaskScheduler("t", 1, 10, 10);
        List<String> log = new CopyOnWriteArrayList<>();
        CompoundTask compound = new CompoundTask("install")
                .add("place", recording(log, "place"), null, recording(log, "unplace"))
                .add("start", recording(log, "start"), null, recording(log, "stop"))
                .add("wire", task((p, c) -> ReturnValue.failure("switch said no")), null)
                .add("activate", recording(log, "activate"), null);
        ReturnValue result = await(id(scheduler.submit(compound, null, Priority.HIGH, context(ALICE))), ALICE);
        assertThat(result.isFailure()).isTrue();
        assertThat(result.message()).isEqualTo("step 3 of 4 (wire) failed: switch said no");
        assertThat(log).containsExactly("place", "start", "stop", "unplace");
    }

    @Test
    void aStepThatFailsHalfWayHasItsOwnPartialWorkUndoneToo() throws Exception {
        scheduler = new TaskScheduler("t", 1, 10, 10);
        List<String> log = new CopyOnWriteArrayList<>();
        CompoundTask compound = new CompoundTask("install")
                .add("place", recording(log, "place"), null, recording(log, "unplace"))
                .add(
                        "start",
                        task((p, c) -> {
                            log.add("started one of two");
                            return ReturnValue.failure("second refused");
                        }),
                        null,
                        recording(log, "stop what started"));
        ReturnValue result = await(id(scheduler.submit(compound, null, Priority.HIGH, context(ALICE))), ALICE);
        assertThat(result.message()).isEqualTo("step 2 of 2 (start) failed: second refused");
        assertThat(log).containsExactly("place", "started one of two", "stop what started", "unplace");
    }

    // ---- helpers ----

    interface Body {
        ReturnValue run(Object param, TaskContext context) throws Exception;
    }

    static Task task(Body body) {
        return new Task() {
            @Override
            public ReturnValue runTask(Object param, TaskContext context) throws Exception {
                return body.run(param, context);
            }
        };
    }

    static Task blocking(CountDownLatch release) {
        return task((p, c) -> {
            release.await();
            return ReturnValue.success("released", null);
        });
    }

    static Task recording(List<String> order, String name) {
        return task((p, c) -> {
            order.add(name);
            return ReturnValue.success();
        });
    }

    private static int id(ReturnValue submitted) {
        assertThat(submitted.isNotReady()).as(submitted.message()).isTrue();
        return (Integer) submitted.value();
    }

    private ReturnValue await(int id, Caller caller) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            ReturnValue r = scheduler.result(id, caller);
            if (!r.isNotReady()) {
                return r;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("task " + id + " never finished");
    }

    /** A call context with only a caller: the scheduler's own logic needs nothing else. */
    private CallContext context(Caller caller) {
        return new CallContext() {
            @Override
            public Caller caller() {
                return caller;
            }

            @Override
            public <D> D daemon(Class<D> type) {
                throw new UnsupportedOperationException();
            }

            @Override
            public TaskScheduler scheduler() {
                return scheduler;
            }

            @Override
            public TaskLookup tasks() {
                return name -> java.util.Optional.empty();
            }
        };
    }
}
