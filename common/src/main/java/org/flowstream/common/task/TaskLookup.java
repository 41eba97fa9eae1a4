package org.flowstream.common.task;

import java.util.Optional;

/** Finds the current version of a task or command by its snake_case name. */
public interface TaskLookup {

    /** The command or task, freshly made from the newest good version of its source; empty when none serves. */
    Optional<Operation> find(String name);
}
