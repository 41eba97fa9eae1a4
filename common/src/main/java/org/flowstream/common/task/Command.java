package org.flowstream.common.task;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;

/**
 * A quick, blocking operation (§3.1.1): the caller waits for its ReturnValue. Implementations live as
 * source files under tasks/common/ or tasks/&lt;daemon&gt;/ and are found by name at call time; the file
 * InstallAllocation.java serves the name install_allocation.
 *
 * <p>All of the caller's parameters arrive packed into the single {@code param}: none, the one value, or a
 * list when the method takes several.
 */
public interface Command {

    ReturnValue run(Object param, CallContext context) throws Exception;

    /**
     * The least role allowed to call this command: the platform's daemons and operators unless the command
     * says otherwise (tenant-facing commands return TENANT, operator-only ones OPERATOR). See AccessPolicy.
     */
    default Role requiredRole() {
        return Role.SERVICE;
    }

    /** One line for system.listMethods and the operator's listing. */
    default String description() {
        return "";
    }
}
