package org.flowstream.tasks.common;

import java.util.List;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CompoundTask;
import org.flowstream.common.task.Task;
import org.flowstream.common.task.TaskContext;

/**
 * compound([[name, param], ...]): runs the named tasks one after another in that order, stopping at the
 * first failure, which it reports (§3.1.1 compound tasks, offered to callers over XML-RPC).
 */
public class Compound extends Task {

    /** Tenants may chain what they may call one by one; each step is checked as if called on its own. */
    @Override
    public Role requiredRole() {
        return Role.TENANT;
    }

    @Override
    public ReturnValue runTask(Object param, TaskContext context) throws Exception {
        CompoundTask compound = new CompoundTask("compound");
        List<Object> steps = Params.array(param, "steps");
        for (int i = 0; i < steps.size(); i++) {
            List<Object> step = Params.array(steps.get(i), "step " + (i + 1));
            if (step.isEmpty() || step.size() > 2) {
                throw new BadParameterException("step %d must be [name] or [name, param]".formatted(i + 1));
            }
            String name = Params.string(step.get(0), "the name of step " + (i + 1));
            int number = i + 1;
            Task task = context.tasks()
                    .find(name)
                    .orElseThrow(() ->
                            new BadParameterException("step %d: no task or command named '%s'".formatted(number, name)))
                    .asTask();
            java.util.Optional<String> refused = context.refusal(name, task.requiredRole());
            if (refused.isPresent()) {
                return ReturnValue.failure("step %d: %s".formatted(number, refused.get()));
            }
            compound.add(name, task, step.size() > 1 ? step.get(1) : null);
        }
        return compound.runTask(null, context);
    }
}
