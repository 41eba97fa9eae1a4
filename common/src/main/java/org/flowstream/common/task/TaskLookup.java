package org.flowstream.common.task;

import java.util.Optional;

/** Finds the current version of a task or command by its snake_case name. */
public interface TaskLookup {

    /** A Command or a Task instance, freshly made from the newest good version of its source. */
    Optional<Object> find(String name);
}
