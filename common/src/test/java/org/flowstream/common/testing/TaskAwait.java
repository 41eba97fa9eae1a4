package org.flowstream.common.testing;

import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;

/** Polls get_task_result the way a client does, until the task is done (or a generous bound is hit). */
public final class TaskAwait {

    private TaskAwait() {}

    public static ReturnValue result(DaemonClient client, int taskId) throws InterruptedException {
        for (int i = 0; i < 6000; i++) {
            ReturnValue r = client.call("get_task_result", taskId);
            if (!r.isNotReady()) {
                return r;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("task " + taskId + " did not finish within a minute");
    }

    /** Starts a task and waits for its result. */
    public static ReturnValue run(DaemonClient client, String name, Object param, String priority)
            throws InterruptedException {
        ReturnValue queued = client.call("run_task", name, param, priority);
        if (!queued.isNotReady()) {
            throw new AssertionError("run_task " + name + " was not queued: " + queued.message());
        }
        return result(client, (Integer) queued.value());
    }
}
