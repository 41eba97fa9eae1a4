package org.flowstream.modulehost.pm;

/** Where a PM instance is in its life; the lower-case name is what list_pms shows. */
public enum PmState {
    /** Namespace and ports made, process starting. */
    STARTING,
    /** The PM runtime built its graph and is forwarding. */
    RUNNING,
    /** The process ended without being asked to (crash, OOM kill, bad configuration); see exit_code. */
    FAILED,
    /** Being deleted. */
    STOPPING;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
