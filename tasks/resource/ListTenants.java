package org.flowstream.tasks.resource;

import java.util.List;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.resource.TenantRow;
import org.flowstream.resource.ResourceDaemon;

/** list_tenants(): every tenant account with where it is defined, its quota and how many allocations it holds (operators). */
public class ListTenants implements Command {

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) {
        List<TenantRow> rows = context.daemon(ResourceDaemon.class).tenants().list();
        return ReturnValue.success("%d tenant(s)".formatted(rows.size()), rows);
    }

    @Override
    public String description() {
        return "list_tenants() -> [{name, source, cpu_cores, memory_mb, allocations, holds_allocations}]; operators only";
    }
}
