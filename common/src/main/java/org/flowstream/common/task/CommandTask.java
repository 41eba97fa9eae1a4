package org.flowstream.common.task;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;

/**
 * Runs a command on the scheduler, for callers that ask for a command as a task or as a compound step
 * ({@link Operation#asTask()}).
 */
public final class CommandTask extends Task {

    private final String name;
    private final Command command;

    public CommandTask(String name, Command command) {
        this.name = name;
        this.command = command;
    }

    @Override
    public ReturnValue runTask(Object param, TaskContext context) throws Exception {
        return command.run(param, context);
    }

    @Override
    public Role requiredRole() {
        return command.requiredRole();
    }

    @Override
    public String displayName() {
        return name;
    }
}
