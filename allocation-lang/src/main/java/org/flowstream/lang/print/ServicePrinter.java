package org.flowstream.lang.print;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowstream.contracts.click.ClickStrings;
import org.flowstream.lang.model.BoundedPath;
import org.flowstream.lang.model.Connection;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.model.ProcessingModule;
import org.flowstream.lang.model.Sink;
import org.flowstream.lang.model.Source;

/**
 * Writes a checked service as a flat, normalized request: header, one declaration per element
 * (sources, PMs, sinks), one connection per line with explicit ports, and one Placement element
 * stating every PM's resources and every annotation. Checking the output again gives an equal
 * {@link NetworkService}.
 */
public final class ServicePrinter {

    private final StringBuilder out = new StringBuilder();

    private ServicePrinter() {}

    public static String print(NetworkService service) {
        ServicePrinter printer = new ServicePrinter();
        printer.header(service.header());
        printer.elements(service);
        printer.connections(service.connections());
        printer.placement(service);
        return printer.out.toString();
    }

    private void header(Map<String, String> header) {
        header.forEach((key, value) -> out.append(key).append('=').append(value).append('\n'));
        if (!header.isEmpty()) {
            out.append('\n');
        }
    }

    private void elements(NetworkService service) {
        for (Source source : service.sources()) {
            List<String> args = new ArrayList<>();
            args.add(ClickStrings.quote(source.matchString()));
            if (!source.ioNode().isEmpty()) {
                args.add("IONODE " + source.ioNode());
            }
            declaration(source.name(), "FromNet", args);
        }
        for (ProcessingModule module : service.modules()) {
            declaration(
                    module.name(),
                    module.className(),
                    module.configArgs().stream().map(ClickStrings::quote).toList());
        }
        for (Sink sink : service.sinks()) {
            declaration(
                    sink.name(),
                    "ToNet",
                    sink.ioNodes().stream().map(ClickStrings::quote).toList());
        }
        out.append('\n');
    }

    private void declaration(String name, String className, List<String> args) {
        out.append(name).append(" :: ").append(className);
        if (!args.isEmpty()) {
            out.append('(').append(String.join(", ", args)).append(')');
        }
        out.append(";\n");
    }

    private void connections(List<Connection> connections) {
        for (Connection c : connections) {
            out.append(endpoints(c)).append(";\n");
        }
    }

    private static String endpoints(Connection c) {
        return c.from() + "[" + c.fromPort() + "] -> [" + c.toPort() + "]" + c.to();
    }

    /** Resources are always written, so the flattened text does not depend on catalogue defaults. */
    private void placement(NetworkService service) {
        List<String> annotations = new ArrayList<>();
        for (ProcessingModule module : service.modules()) {
            annotations.add("CPU " + module.name() + " " + number(module.cpuCores()));
            annotations.add("MEMORY " + module.name() + " " + module.memoryMb());
        }
        for (Connection c : service.connections()) {
            if (c.packetsPerSecond() != 0) {
                annotations.add("PPS " + endpoints(c) + " " + number(c.packetsPerSecond()));
            }
        }
        for (BoundedPath path : service.paths()) {
            List<String> nodes = new ArrayList<>();
            nodes.add(path.source());
            nodes.addAll(path.via());
            nodes.add(path.sink());
            annotations.add("DELAY " + String.join(" ", nodes) + " " + number(path.maxDelayMs()));
        }
        if (annotations.isEmpty()) {
            return;
        }
        out.append('\n')
                .append(unusedName(service))
                .append(" :: Placement(\n    ")
                .append(String.join(",\n    ", annotations))
                .append(");\n");
    }

    private static String unusedName(NetworkService service) {
        Set<String> names = new HashSet<>();
        service.sources().forEach(s -> names.add(s.name()));
        service.modules().forEach(m -> names.add(m.name()));
        service.sinks().forEach(s -> names.add(s.name()));
        String name = "placement";
        for (int i = 2; names.contains(name); i++) {
            name = "placement" + i;
        }
        return name;
    }

    /** Shortest exact decimal form: 0.5, 20000, 1.25 (no exponent, no trailing zeros). */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
