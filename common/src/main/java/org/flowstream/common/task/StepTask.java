package org.flowstream.common.task;

import org.flowstream.common.rpc.ReturnValue;

/** A task made from a piece of code, for the steps of compound tasks built in Java (install, delete, ...). */
public final class StepTask extends Task {

    /** The step's work; throwing makes the step fail with the exception's message. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private final String name;
    private final Body body;

    public StepTask(String name, Body body) {
        this.name = name;
        this.body = body;
    }

    @Override
    public ReturnValue runTask(Object param, TaskContext context) throws Exception {
        body.run();
        return ReturnValue.success(name + " done", null);
    }

    @Override
    public String displayName() {
        return name;
    }
}
