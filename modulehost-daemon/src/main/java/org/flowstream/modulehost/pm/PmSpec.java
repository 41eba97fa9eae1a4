package org.flowstream.modulehost.pm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.Params;
import org.flowstream.modulehost.runtime.ConfigException;
import org.flowstream.modulehost.runtime.ElementRegistry;
import org.flowstream.modulehost.runtime.GraphConfig;
import org.flowstream.modulehost.runtime.GraphParser;

/**
 * A create_pm request, checked: the PM struct {@code {name, config, ports?, memory_mb?, cpu_percent?, basesys?}}.
 * The configuration is parsed (not run) so that a request naming an unknown element type or an interface the
 * PM will not have is refused before anything is created.
 */
public record PmSpec(String name, String config, int ports, int memoryMb, int cpuPercent, String basesys) {

    public static final String DEFAULT_BASESYS = "linux.netns";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");
    private static final Pattern DEVICE = Pattern.compile("p(\\d{1,2})");
    public static final int MAX_PORTS = 16;

    /** Reads and checks the struct; throws BadParameterException with every problem found. */
    public static PmSpec parse(Object param, ElementRegistry registry, int defaultMemoryMb, int defaultCpuPercent) {
        Map<String, Object> pm = Params.struct(param, "pm");
        for (String key : pm.keySet()) {
            if (!List.of("name", "config", "ports", "memory_mb", "cpu_percent", "basesys")
                    .contains(key)) {
                throw new BadParameterException(
                        "unknown PM field '%s'; a PM has name, config, ports, memory_mb, cpu_percent, basesys"
                                .formatted(key));
            }
        }
        String name = Params.string(require(pm, "name"), "pm.name");
        if (!NAME.matcher(name).matches()) {
            throw new BadParameterException(
                    "pm.name '%s' must be 1 to 40 letters, digits, '_' or '-', starting with a letter or digit"
                            .formatted(name));
        }
        String config = Params.string(require(pm, "config"), "pm.config");
        GraphConfig graph;
        try {
            graph = GraphParser.parse(config);
        } catch (ConfigException e) {
            throw new BadParameterException("pm.config of %s does not parse:\n%s".formatted(name, e.getMessage()));
        }
        List<String> errors = new ArrayList<>();
        int highestDevice = -1;
        for (GraphConfig.Declaration d : graph.declarations()) {
            if (!registry.exists(d.type())) {
                errors.add("%d:%d: error: unknown element type '%s'; known types: %s"
                        .formatted(d.line(), d.column(), d.type(), String.join(", ", registry.allNames())));
            }
            if ((d.type().equals("FromDevice") || d.type().equals("ToDevice"))
                    && d.args().size() == 1) {
                var m = DEVICE.matcher(d.args().get(0));
                if (!m.matches()) {
                    errors.add("%d:%d: error: %s(%s): PM interfaces are named p0, p1, ..."
                            .formatted(d.line(), d.column(), d.type(), d.args().get(0)));
                } else {
                    highestDevice = Math.max(highestDevice, Integer.parseInt(m.group(1)));
                }
            }
        }
        int ports =
                pm.containsKey("ports") ? Params.integer(pm.get("ports"), "pm.ports") : Math.max(1, highestDevice + 1);
        if (ports < 1 || ports > MAX_PORTS) {
            errors.add("pm.ports must be 1 to %d, got %d".formatted(MAX_PORTS, ports));
        } else if (highestDevice >= ports) {
            errors.add("the configuration uses p%d but the PM has only %d port%s (p0..p%d)"
                    .formatted(highestDevice, ports, ports == 1 ? "" : "s", ports - 1));
        }
        int memoryMb =
                pm.containsKey("memory_mb") ? Params.integer(pm.get("memory_mb"), "pm.memory_mb") : defaultMemoryMb;
        if (memoryMb < 96 || memoryMb > 1 << 20) {
            errors.add("pm.memory_mb must be at least 96 (a JVM needs that much), got " + memoryMb);
        }
        int cpuPercent = pm.containsKey("cpu_percent")
                ? Params.integer(pm.get("cpu_percent"), "pm.cpu_percent")
                : defaultCpuPercent;
        if (cpuPercent < 1 || cpuPercent > 100 * 1024) {
            errors.add("pm.cpu_percent must be 1 or more (100 = one core), got " + cpuPercent);
        }
        String basesys = pm.containsKey("basesys") ? Params.string(pm.get("basesys"), "pm.basesys") : DEFAULT_BASESYS;
        if (!errors.isEmpty()) {
            throw new BadParameterException("PM %s is not valid:\n%s".formatted(name, String.join("\n", errors)));
        }
        return new PmSpec(name, config, ports, memoryMb, cpuPercent, basesys);
    }

    private static Object require(Map<String, Object> pm, String key) {
        Object value = pm.get(key);
        if (value == null) {
            throw new BadParameterException(
                    "the PM struct needs '%s' (a PM is {name, config, ports?, memory_mb?, cpu_percent?, basesys?})"
                            .formatted(key));
        }
        return value;
    }
}
