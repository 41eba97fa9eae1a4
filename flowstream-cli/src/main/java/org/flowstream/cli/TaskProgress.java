package org.flowstream.cli;

import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.resource.AllocationStatus;

/**
 * Waits for a task that changes a running allocation (migrate, scale), echoing on standard error each step the
 * allocation's reason shows as it changes.
 */
final class TaskProgress {

    private TaskProgress() {}

    /** Polls the task's result until it ends or {@code waiting}'s timeout; {@code what} names it in the timeout. */
    static ReturnValue await(DaemonClient client, int task, int allocId, WaitOptions waiting, String what) {
        long deadline = System.nanoTime() + waiting.timeoutSeconds * 1_000_000_000L;
        String lastStep = "";
        while (System.nanoTime() < deadline) {
            ReturnValue result = client.call("get_task_result", task);
            if (!result.isNotReady()) {
                return result;
            }
            ReturnValue status = client.call("get_allocation", allocId);
            String reason = status.value() == null
                    ? ""
                    : Structs.fromStruct(status.value(), AllocationStatus.class).reason();
            if (!reason.equals(lastStep)) {
                System.err.println(reason);
                lastStep = reason;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ReturnValue.failure("%s (task %d) is still running after %d s; check: bin/flowstream status %d"
                .formatted(what, task, waiting.timeoutSeconds, allocId));
    }
}
