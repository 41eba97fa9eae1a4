package org.flowstream.tasks.common;

import org.flowstream.common.daemon.Daemon;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;

/** list_tasks(): every task and command with its kind, source file, generation and last rejected compile. */
public class ListTasks implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        return ReturnValue.success(context.daemon(Daemon.class).tasks().describe());
    }
}
