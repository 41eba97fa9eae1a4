package org.flowstream.common.task;

/** The context of a running task: a call context plus the id the caller polls. */
public interface TaskContext extends CallContext {

    int taskId();
}
