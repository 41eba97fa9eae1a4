package org.flowstream.resource.allocation;

import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CompoundTask;
import org.flowstream.common.task.StepTask;
import org.flowstream.common.task.Task;
import org.flowstream.common.task.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs one accepted allocation (§2.1.1 install_allocation, §3.1.1 compound task): place, start PMs,
 * install rules, activate. A failing step undoes the ones before it, so a failed allocation holds no PM, no
 * rule and no capacity; the reason is kept for get_allocation.
 */
public final class InstallTask extends Task {

    private static final Logger LOG = LoggerFactory.getLogger(InstallTask.class);

    private final int id;
    private final AllocationBook book;
    private final AllocationSteps steps;
    private final StepTimes times = new StepTimes(System.nanoTime()); // made when queued

    public InstallTask(int id, AllocationBook book, AllocationSteps steps) {
        this.id = id;
        this.book = book;
        this.steps = steps;
    }

    @Override
    public String displayName() {
        return "install_allocation " + id;
    }

    @Override
    public ReturnValue runTask(Object param, TaskContext context) throws Exception {
        times.started();
        book.timeWrites(id);
        ReturnValue outcome = null;
        try {
            outcome = install(context);
            return outcome;
        } finally {
            String done = outcome != null && outcome.isSuccess() ? "installed" : "not installed";
            LOG.info("allocation {} {} {}", id, done, times.summary(book.takeWriteTime(id)));
        }
    }

    private ReturnValue install(TaskContext context) throws Exception {
        synchronized (book.lock(id)) {
            Allocation a = book.get(id).orElse(null);
            if (a == null || a.state() != AllocationState.ACCEPTED) {
                return ReturnValue.success(
                        "allocation %d is %s; nothing to install".formatted(id, a == null ? "deleted" : a.state()),
                        null);
            }
            CompoundTask install = new CompoundTask("install allocation " + id)
                    .add(
                            "place",
                            new StepTask("place", () -> {
                                steps.holdBefore(id, "place");
                                times.measure("place", () -> steps.place(id));
                            }),
                            null,
                            new StepTask("unplace", () -> steps.unplace(id)))
                    .add(
                            "start PMs",
                            new StepTask("start PMs", () -> {
                                steps.holdBefore(id, "start PMs");
                                times.measure("start PMs", () -> steps.startPms(id));
                            }),
                            null,
                            new StepTask("stop PMs", () -> steps.stopPms(id)))
                    .add(
                            "install rules",
                            new StepTask("install rules", () -> {
                                steps.holdBefore(id, "install rules");
                                times.measure("install rules", () -> steps.wire(id));
                            }),
                            null,
                            new StepTask("remove rules", () -> steps.unwire(id)))
                    .add(
                            "activate",
                            new StepTask("activate", () -> {
                                steps.holdBefore(id, "activate");
                                times.measure("activate", () -> steps.activate(id));
                            }),
                            null);
            ReturnValue outcome = install.runTask(null, context);
            if (!outcome.isSuccess()) {
                book.update(id, x -> x.withState(AllocationState.FAILED, outcome.message()));
                return ReturnValue.failure("allocation %d failed: %s".formatted(id, outcome.message()), id);
            }
            return ReturnValue.success("allocation %d is active".formatted(id), id);
        }
    }
}
