package org.flowstream.common.task;

import java.util.Optional;
import org.flowstream.common.auth.Caller;
import org.flowstream.common.auth.Role;

/** What a command or task may know of the call it serves: who called, and which daemon runs it. */
public interface CallContext {

    Caller caller();

    /** The daemon running this call, as its own class, for the state and helpers that daemon keeps. */
    <D> D daemon(Class<D> type);

    /** The scheduler, for commands that start tasks (install_allocation starts a compound task). */
    TaskScheduler scheduler();

    /** Finds a task or command by name, the way the daemon does for callers. */
    TaskLookup tasks();

    /**
     * Why this call's caller may not run {@code name}, declared for {@code required} and up, or empty: for
     * tasks that run others (compound), so they refuse exactly what the daemon would.
     */
    default Optional<String> refusal(String name, Role required) {
        return caller().role().allows(required)
                ? Optional.empty()
                : Optional.of("%s is for %ss; %s is a %s account"
                        .formatted(
                                name,
                                required.word(),
                                caller().name(),
                                caller().role().word()));
    }
}
