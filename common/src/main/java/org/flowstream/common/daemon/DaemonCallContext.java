package org.flowstream.common.daemon;

import java.util.Optional;
import org.flowstream.common.auth.Caller;
import org.flowstream.common.auth.Role;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.TaskLookup;
import org.flowstream.common.task.TaskScheduler;

/** The context a command or task sees: its caller and the daemon that runs it. */
record DaemonCallContext(Daemon daemonInstance, Caller caller) implements CallContext {

    @Override
    public <D> D daemon(Class<D> type) {
        if (!type.isInstance(daemonInstance)) {
            throw new IllegalStateException("this task needs the %s but runs in the %s daemon"
                    .formatted(type.getSimpleName(), daemonInstance.name()));
        }
        return type.cast(daemonInstance);
    }

    @Override
    public TaskScheduler scheduler() {
        return daemonInstance.scheduler();
    }

    @Override
    public Optional<String> refusal(String name, Role required) {
        return daemonInstance.accessPolicy().refusal(caller, name, required);
    }

    @Override
    public TaskLookup tasks() {
        return daemonInstance.tasks();
    }
}
