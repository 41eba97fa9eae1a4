package org.flowstream.tasks.resource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
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

    private static final Set<String> OPTIONS = Set.of("password", "cpu_cores", "memory_mb", "allocations");

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        List<Object> args = param instanceof String ? List.of(param) : Params.list(param, 2, "name", "options");
        String name = Params.string(args.get(0), "name");
        Map<String, Object> options = args.size() > 1 ? Params.struct(args.get(1), "options") : Map.of();
        options.keySet().stream().filter(k -> !OPTIONS.contains(k)).findFirst().ifPresent(k -> {
            throw new BadParameterException("unknown option '%s'; the options are %s"
                    .formatted(k, String.join(", ", OPTIONS.stream().sorted().toList())));
        });
        TenantAdmin tenants = context.daemon(ResourceDaemon.class).tenants();
        Quota defaults = tenants.defaultQuota(name);
        Quota quota = new Quota(
                options.containsKey("cpu_cores")
                        ? Params.number(options.get("cpu_cores"), "cpu_cores")
                        : defaults.cpuCores(),
                options.containsKey("memory_mb")
                        ? Params.integer(options.get("memory_mb"), "memory_mb")
                        : defaults.memoryMb(),
                options.containsKey("allocations")
                        ? Params.integer(options.get("allocations"), "allocations")
                        : defaults.allocations());
        Optional<String> password = options.containsKey("password")
                ? Optional.of(Params.string(options.get("password"), "password"))
                : Optional.empty();
        TenantDirectory.Added added = tenants.add(name, password, quota);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", name);
        added.generatedPassword().ifPresent(p -> value.put("password", p));
        value.put("cpu_cores", quota.cpuCores());
        value.put("memory_mb", (int) Math.min(Integer.MAX_VALUE, quota.memoryMb()));
        value.put("allocations", quota.allocations());
        return ReturnValue.success(
                added.generatedPassword().isPresent()
                        ? "tenant %s added; its password is in this answer's value and is not stored anywhere: hand it over now"
                                .formatted(name)
                        : "tenant %s added".formatted(name),
                value);
    }

    @Override
    public String description() {
        return "add_tenant(name, {password, cpu_cores, memory_mb, allocations}) -> the tenant (and its generated password); operators only";
    }
}
