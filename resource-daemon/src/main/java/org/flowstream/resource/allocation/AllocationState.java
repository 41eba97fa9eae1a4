package org.flowstream.resource.allocation;

/**
 * Where an allocation is in its life. ACCEPTED is persisted before install_allocation answers, so an
 * acknowledged request survives a crash; INSTALLING and DELETING are finished or rolled back on restart.
 */
public enum AllocationState {
    /** Parsed, checked and stored; waiting for its install task. */
    ACCEPTED,
    /** Being placed, started and wired. */
    INSTALLING,
    /** Running: PMs started and rules installed. */
    ACTIVE,
    /** Running, but a module host it uses stopped answering. */
    DEGRADED,
    /** Could not be installed; everything it had was undone. The reason says why. */
    FAILED,
    /** Being removed. */
    DELETING,
    /** Removed: no PM and no rule is left. */
    DELETED;

    /** States in which the allocation holds platform capacity. */
    public boolean holdsCapacity() {
        return this == ACCEPTED || this == INSTALLING || this == ACTIVE || this == DEGRADED || this == DELETING;
    }

    /** States get_allocation reports as still in progress (CODE_NOT_READY). */
    public boolean inProgress() {
        return this == ACCEPTED || this == INSTALLING || this == DELETING;
    }
}
