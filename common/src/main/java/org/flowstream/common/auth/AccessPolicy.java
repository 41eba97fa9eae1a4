package org.flowstream.common.auth;

import java.util.Optional;

/**
 * Who may call a daemon's methods, decided in one place. Each task or command declares the least role that
 * may call it ({@code requiredRole()}, the platform's own daemons and operators unless it says otherwise), and
 * each daemon declares whether tenants may call it at all: only the front door (the resource daemon, and the
 * monitoring daemon for its owner-checked flow statistics) admits them; the internal daemons refuse a tenant
 * account whatever a task declares, so a task file cannot open an internal daemon to tenants by mistake.
 *
 * @param daemonName      for messages
 * @param tenantsAdmitted whether tenant accounts may call this daemon's tenant-facing methods
 */
public record AccessPolicy(String daemonName, boolean tenantsAdmitted) {

    /** A daemon tenants reach: methods declared for tenants are open to them. */
    public static AccessPolicy frontDoor(String daemonName) {
        return new AccessPolicy(daemonName, true);
    }

    /** A daemon only the platform's daemons and operators call. */
    public static AccessPolicy internal(String daemonName) {
        return new AccessPolicy(daemonName, false);
    }

    /** Why {@code caller} may not call this daemon at all, or empty. */
    public Optional<String> refusal(Caller caller) {
        if (caller.role() == Role.TENANT && !tenantsAdmitted) {
            return Optional.of(
                    "the %s daemon serves only the platform's daemons and operators, and %s is a tenant account: tenants use the resource daemon"
                            .formatted(daemonName, caller.name()));
        }
        return Optional.empty();
    }

    /** Why {@code caller} may not call {@code method}, declared for {@code required} and up, or empty. */
    public Optional<String> refusal(Caller caller, String method, Role required) {
        Optional<String> daemonRefusal = refusal(caller);
        if (daemonRefusal.isPresent() || caller.role().allows(required)) {
            return daemonRefusal;
        }
        String who = required == Role.OPERATOR ? "operators" : "the platform's daemons and operators";
        return Optional.of("%s is for %s; %s is a %s account"
                .formatted(method, who, caller.name(), caller.role().word()));
    }
}
