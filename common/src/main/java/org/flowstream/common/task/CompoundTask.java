package org.flowstream.common.task;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.common.rpc.ReturnValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task made of steps run one after another in the order they were added (FIFO, §3.1.1). The first step
 * that fails stops the rest; that step and the ones done before it are then undone in reverse order where
 * they say how, so a half-finished compound task leaves nothing behind. The failed step's own undo runs
 * too, because a step may fail half-way (three PMs started, the fourth refused): undos must therefore cope
 * with partial work. The result is the last step's, or the failure naming the step that failed.
 */
public class CompoundTask extends Task {

    private static final Logger LOG = LoggerFactory.getLogger(CompoundTask.class);

    /** One step: a task with its parameter, and optionally the task that reverts it. */
    public record Step(String name, Task task, Object param, Task undo) {}

    private final String name;
    private final List<Step> steps = new ArrayList<>();

    public CompoundTask(String name) {
        this.name = name;
    }

    public CompoundTask add(String stepName, Task task, Object param) {
        return add(stepName, task, param, null);
    }

    public CompoundTask add(String stepName, Task task, Object param, Task undo) {
        steps.add(new Step(stepName, task, param, undo));
        return this;
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public ReturnValue runTask(Object ignored, TaskContext context) {
        ReturnValue last = ReturnValue.success();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            last = runStep(step, context);
            if (!last.isSuccess()) {
                undoFrom(i, context);
                String message =
                        "step %d of %d (%s) failed: %s".formatted(i + 1, steps.size(), step.name(), last.message());
                return ReturnValue.failure(message, last.value());
            }
        }
        return last;
    }

    private static ReturnValue runStep(Step step, TaskContext context) {
        try {
            ReturnValue result = step.task().runTask(step.param(), context);
            if (result == null) {
                return ReturnValue.success();
            }
            return result.isNotReady()
                    ? ReturnValue.failure("step answered not-ready, which a compound step may not")
                    : result;
        } catch (Exception e) {
            return ReturnValue.failure(Failures.describe(e));
        }
    }

    private void undoFrom(int failedIndex, TaskContext context) {
        for (int i = failedIndex; i >= 0; i--) {
            Step done = steps.get(i);
            if (done.undo() == null) {
                continue;
            }
            ReturnValue undone = runStep(new Step(done.name(), done.undo(), done.param(), null), context);
            if (!undone.isSuccess()) {
                LOG.warn("{}: undoing step {} failed: {}", name, done.name(), undone.message());
            }
        }
    }
}
