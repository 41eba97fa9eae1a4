package org.flowstream.modulehost.pm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PmRequest;
import org.flowstream.modulehost.runtime.ConfigException;
import org.flowstream.modulehost.runtime.ElementRegistry;
import org.flowstream.modulehost.runtime.GraphConfig;
import org.flowstream.modulehost.runtime.GraphParser;

/**
 * A create_pm request ({@link PmRequest}), checked, with the host's defaults filled in.
 * The configuration is parsed (not run) so that a request naming an unknown element type or an interface the
 * PM will not have is refused before anything is created.
 */
public record PmSpec(String name, String config, int ports, int memoryMb, int cpuPercent, String basesys) {

    public static final String DEFAULT_BASESYS = "linux.netns";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");
    private static final Pattern DEVICE = Pattern.compile("p(\\d{1,2})");
    public static final int MAX_PORTS = 16;

    /**
     * Reads the struct as a {@link PmRequest} (a missing, unknown or mistyped field is refused by name) and checks
     * its values; throws BadParameterException with every problem found.
     */
    public static PmSpec parse(Object param, ElementRegistry registry, int defaultMemoryMb, int defaultCpuPercent) {
        PmRequest pm = Structs.fromStruct(param, PmRequest.class);
        String name = pm.name();
        if (!NAME.matcher(name).matches()) {
            throw new BadParameterException(
                    "pm.name '%s' must be 1 to 40 letters, digits, '_' or '-', starting with a letter or digit"
                            .formatted(name));
        }
        String config = pm.config();
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
        int ports = pm.ports() != null ? pm.ports() : Math.max(1, highestDevice + 1);
        if (ports < 1 || ports > MAX_PORTS) {
            errors.add("pm.ports must be 1 to %d, got %d".formatted(MAX_PORTS, ports));
        } else if (highestDevice >= ports) {
            errors.add("the configuration uses p%d but the PM has only %d port%s (p0..p%d)"
                    .formatted(highestDevice, ports, ports == 1 ? "" : "s", ports - 1));
        }
        int memoryMb = pm.memoryMb() != null ? pm.memoryMb() : defaultMemoryMb;
        if (memoryMb < 96 || memoryMb > 1 << 20) {
            errors.add("pm.memory_mb must be at least 96 (a JVM needs that much), got " + memoryMb);
        }
        int cpuPercent = pm.cpuPercent() != null ? pm.cpuPercent() : defaultCpuPercent;
        if (cpuPercent < 1 || cpuPercent > 100 * 1024) {
            errors.add("pm.cpu_percent must be 1 or more (100 = one core), got " + cpuPercent);
        }
        String basesys = pm.basesys() != null ? pm.basesys() : DEFAULT_BASESYS;
        if (!errors.isEmpty()) {
            throw new BadParameterException("PM %s is not valid:\n%s".formatted(name, String.join("\n", errors)));
        }
        return new PmSpec(name, config, ports, memoryMb, cpuPercent, basesys);
    }
}
