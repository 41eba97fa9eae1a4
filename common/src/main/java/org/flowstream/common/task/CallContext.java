package org.flowstream.common.task;

import org.flowstream.common.auth.Caller;

/** What a command or task may know of the call it serves: who called, and which daemon runs it. */
public interface CallContext {

    Caller caller();

    /** The daemon running this call, as its own class, for the state and helpers that daemon keeps. */
    <D> D daemon(Class<D> type);

    /** The scheduler, for commands that start tasks (install_allocation starts a compound task). */
    TaskScheduler scheduler();

    /** Finds a task or command by name, the way the daemon does for callers. */
    TaskLookup tasks();
}
