package org.flowstream.modulehost.pm;

import java.util.List;
import java.util.Map;

/**
 * The OS-enforced limits of one PM process: made before the process starts, joined by the process before it
 * runs any Java ({@link #wrap}), removed after it ended.
 */
public interface PmLimits {

    /** The command line that joins these limits and then execs {@code command} (same pid). */
    List<String> wrap(List<String> command);

    /** Applies the CPU quota of limits made to leave it open during start-up; nothing otherwise. */
    default void capCpu() throws java.io.IOException {}

    /**
     * A low CPU weight (true) for a pre-started runtime that waits in the warm pool, so that its start-up yields to the
     * PMs starting now; the default weight (false) once it is a PM. Nothing where the mechanism has no weights.
     */
    default void background(boolean low) throws java.io.IOException {}

    /** Memory and CPU figures of the group, for get_load (empty when the mechanism has none). */
    Map<String, Object> usage();

    /** Why the process may have died (e.g. "the memory cgroup killed it (oom_kill 1)"), or empty. */
    String deathHint();

    /** What is enforced, for list_pms: {mechanism, memory_bytes, cpu_quota...}. */
    Map<String, Object> describe();

    /** Removes the group; safe to call twice. */
    void delete();
}
