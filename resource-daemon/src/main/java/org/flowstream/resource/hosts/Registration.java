package org.flowstream.resource.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.Params;
import org.flowstream.contracts.element.PortCount;
import org.flowstream.resource.pmtypes.PmTypeRecord;

/**
 * What a module host sends with register_host: {name, url, cpu_cores, memory_mb, switch_ports, basesys,
 * pm_types: [{name, description, primitives, inputs: {min, max}, outputs: {min, max}, cpu_cores, memory_mb}]}.
 * A max of -1 means "any number".
 */
public record Registration(ModuleHost host, List<PmTypeRecord> pmTypes) {

    public static Registration parse(Object param) {
        Map<String, Object> s = Params.struct(param, "host");
        String name = Params.string(required(s, "name"), "host.name");
        String url = Params.string(required(s, "url"), "host.url");
        double cpu = Params.number(required(s, "cpu_cores"), "host.cpu_cores");
        long memory = (long) Params.number(required(s, "memory_mb"), "host.memory_mb");
        if (cpu <= 0 || memory <= 0) {
            throw new BadParameterException("host.cpu_cores and host.memory_mb must be positive");
        }
        List<String> ports = strings(s.getOrDefault("switch_ports", List.of()), "host.switch_ports");
        // Module hosts send "basesys" (the allocation language's word); "base_systems" is accepted too.
        List<String> baseSystems = strings(
                s.getOrDefault("basesys", s.getOrDefault("base_systems", List.of("linux.netns"))), "host.basesys");
        List<PmTypeRecord> types = new ArrayList<>();
        for (Object t : Params.array(s.getOrDefault("pm_types", List.of()), "host.pm_types")) {
            types.add(pmType(Params.struct(t, "a PM type")));
        }
        return new Registration(
                new ModuleHost(name, url, cpu, memory, ports, baseSystems, true, System.currentTimeMillis()), types);
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

    private static List<String> strings(Object value, String what) {
        return Params.array(value, what).stream()
                .map(v -> Params.string(v, what + " entries"))
                .toList();
    }

    private static Object required(Map<String, Object> s, String key) {
        Object v = s.get(key);
        if (v == null) {
            throw new BadParameterException("register_host needs '%s'".formatted(key));
        }
        return v;
    }
}
