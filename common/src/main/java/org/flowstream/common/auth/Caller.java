package org.flowstream.common.auth;

/** The authenticated user behind one request. */
public record Caller(String name, Role role) {

    /** The caller for work the daemon starts by itself (timers, reconciliation). */
    public static final Caller DAEMON = new Caller("daemon", Role.OPERATOR);

    public boolean isOperator() {
        return role == Role.OPERATOR;
    }

    /**
     * Whether this caller sees every tenant's objects: operators, and the platform's own daemons (the monitoring
     * daemon asks who owns an allocation). A tenant sees only what carries its own name.
     */
    public boolean seesEveryTenant() {
        return role != Role.TENANT;
    }
}
