package org.flowstream.tasks.resource;

import java.util.List;
import java.util.Optional;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.resource.TenantAdded;
import org.flowstream.contracts.records.resource.TenantOptions;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.tenants.Quota;
import org.flowstream.resource.tenants.TenantAdmin;
import org.flowstream.resource.tenants.TenantDirectory;

/**
 * add_tenant(name) or add_tenant(name, {password, cpu_cores, memory_mb, allocations}): a new tenant account
 * (operators). Every option may be left out: the password is then generated and returned once, the quota
 * limits default to the configured ones. Only the password's hash is stored.
 */
public class AddTenant implements Command {

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        List<Object> args = param instanceof String ? List.of(param) : Params.list(param, 2, "name", "options");
        String name = Params.string(args.get(0), "name");
        TenantOptions options = args.size() > 1
                ? Structs.fromStruct(args.get(1), TenantOptions.class)
                : new TenantOptions(null, null, null, null);
        TenantAdmin tenants = context.daemon(ResourceDaemon.class).tenants();
        Quota defaults = tenants.defaultQuota(name);
        Quota quota = new Quota(
                options.cpuCores() != null ? options.cpuCores() : defaults.cpuCores(),
                options.memoryMb() != null ? options.memoryMb() : defaults.memoryMb(),
                options.allocations() != null ? options.allocations() : defaults.allocations());
        TenantDirectory.Added added = tenants.add(name, Optional.ofNullable(options.password()), quota);
        return ReturnValue.success(
                added.generatedPassword().isPresent()
                        ? "tenant %s added; its password is in this answer's value and is not stored anywhere: hand it over now"
                                .formatted(name)
                        : "tenant %s added".formatted(name),
                new TenantAdded(
                        name,
                        added.generatedPassword().orElse(null),
                        quota.cpuCores(),
                        quota.memoryMb(),
                        quota.allocations()));
    }

    @Override
    public String description() {
        return "add_tenant(name, {password, cpu_cores, memory_mb, allocations}) -> the tenant (and its generated password); operators only";
    }
}
