package org.flowstream.common.task;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;

/**
 * Asynchronous work (§3.1.1): run_task answers at once with an id, the daemon's scheduler runs the task
 * later (high priority before normal), and get_task_result reports its ReturnValue. Like commands, tasks
 * are source files under the tasks directories, found by name.
 */
public abstract class Task {

    public abstract ReturnValue runTask(Object param, TaskContext context) throws Exception;

    /** The least role allowed to start this task: as for {@link Command#requiredRole()}, tenants only when it says so. */
    public Role requiredRole() {
        return Role.SERVICE;
    }

    /** The name under which results and failures of this task are reported. */
    public String displayName() {
        return getClass().getSimpleName();
    }
}
