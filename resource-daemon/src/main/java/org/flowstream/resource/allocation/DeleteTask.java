package org.flowstream.resource.allocation;

import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.Task;
import org.flowstream.common.task.TaskContext;
import org.flowstream.resource.gateway.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes an allocation: its rules and its PMs side by side (AllocationSteps#unwireAndStopPms says why that is
 * safe), then its capacity. What cannot be removed yet (a host that is down) keeps the allocation in DELETING,
 * to be finished when the host returns or the daemon restarts.
 */
public final class DeleteTask extends Task {

    private static final Logger LOG = LoggerFactory.getLogger(DeleteTask.class);

    private final int id;
    private final AllocationBook book;
    private final AllocationSteps steps;
    private final StepTimes times = new StepTimes(System.nanoTime()); // made when queued

    public DeleteTask(int id, AllocationBook book, AllocationSteps steps) {
        this.id = id;
        this.book = book;
        this.steps = steps;
    }

    @Override
    public String displayName() {
        return "delete_allocation " + id;
    }

    @Override
    public ReturnValue runTask(Object param, TaskContext context) throws Exception {
        times.started();
        book.timeWrites(id);
        ReturnValue outcome = null;
        try {
            outcome = delete();
            return outcome;
        } finally {
            String done = outcome != null && outcome.isSuccess() ? "deleted" : "not deleted yet";
            LOG.info("allocation {} {} {}", id, done, times.summary(book.takeWriteTime(id)));
        }
    }

    private ReturnValue delete() throws Exception {
        synchronized (book.lock(id)) {
            Allocation a = book.get(id).orElse(null);
            if (a == null) {
                return ReturnValue.success("allocation %d is already deleted".formatted(id), null);
            }
            try {
                steps.unwireAndStopPms(id, times);
            } catch (GatewayException e) {
                book.update(id, x -> x.withState(AllocationState.DELETING, "delete waits: " + e.getMessage()));
                return ReturnValue.failure("allocation %d: %s".formatted(id, e.getMessage()));
            }
            times.measure("unplace", () -> steps.unplace(id, x -> x.withState(AllocationState.DELETED, "deleted")));
            steps.forget(id);
            return ReturnValue.success("allocation %d deleted".formatted(id), null);
        }
    }
}
