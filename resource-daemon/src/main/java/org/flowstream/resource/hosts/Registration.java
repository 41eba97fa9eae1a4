package org.flowstream.resource.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.Params;
import org.flowstream.contracts.element.PortCount;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.HostRegistration;
import org.flowstream.resource.pmtypes.PmTypeRecord;

/**
 * What a module host sends with register_host ({@link HostRegistration}), as the resource daemon keeps it. Its
 * pm_types, when given, are [{name, description, primitives, inputs: {min, max}, outputs: {min, max}, cpu_cores,
 * memory_mb}], get_pm_info's shape; a max of -1 means "any number".
 */
public record Registration(ModuleHost host, List<PmTypeRecord> pmTypes) {

    public static Registration parse(Object param) {
        HostRegistration host = Structs.fromStruct(param, HostRegistration.class);
        if (host.cpuCores() <= 0 || host.memoryMb() <= 0) {
            throw new BadParameterException("host.cpu_cores and host.memory_mb must be positive");
        }
        List<PmTypeRecord> types = new ArrayList<>();
        for (Map<String, Object> t : host.pmTypes() == null ? List.<Map<String, Object>>of() : host.pmTypes()) {
            types.add(pmType(t));
        }
        return new Registration(
                new ModuleHost(
                        host.name(),
                        host.url(),
                        host.cpuCores(),
                        host.memoryMb(),
                        host.switchPorts(),
                        host.basesys(),
                        true,
                        System.currentTimeMillis()),
                types);
    }

    /** One PM type as module hosts describe it (register_host and deploy_pm answers). */
    public static PmTypeRecord pmType(Map<String, Object> t) {
        String name = Params.string(required(t, "name"), "pm_type.name");
        return new PmTypeRecord(
                name,
                Params.string(t.getOrDefault("description", ""), "pm_type.description"),
                Params.struct(t.getOrDefault("primitives", Map.of()), "pm_type.primitives"),
                ports(t.getOrDefault("inputs", Map.of("min", 1, "max", 1)), name + ".inputs"),
                ports(t.getOrDefault("outputs", Map.of("min", 1, "max", 1)), name + ".outputs"),
                Params.number(t.getOrDefault("cpu_cores", 0.1), "pm_type.cpu_cores"),
                (long) Params.number(t.getOrDefault("memory_mb", 128), "pm_type.memory_mb"),
                "");
    }

    private static PortCount ports(Object value, String what) {
        Map<String, Object> range = Params.struct(value, what);
        int min = Params.integer(range.getOrDefault("min", 0), what + ".min");
        int max = Params.integer(range.getOrDefault("max", min), what + ".max");
        return new PortCount(min, max < 0 ? PortCount.UNBOUNDED : max);
    }

    private static Object required(Map<String, Object> s, String key) {
        Object v = s.get(key);
        if (v == null) {
            throw new BadParameterException("a PM type needs '%s'".formatted(key));
        }
        return v;
    }
}
