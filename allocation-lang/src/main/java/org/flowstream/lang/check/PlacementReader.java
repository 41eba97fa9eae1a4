package org.flowstream.lang.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.contracts.click.diag.SourcePos;
import org.flowstream.lang.config.ConfigArg;
import org.flowstream.lang.model.BoundedPath;

/**
 * Reads the arguments of {@code Placement} elements, one annotation each:
 * <pre>
 *   CPU fw 0.5              cores for PM fw (fractional)
 *   MEMORY fw 256           memory for PM fw, in MB
 *   PPS ft -> fw 20000      packets per second on a connection (ports optional: ft[0] -> [0]fw)
 *   DELAY ft fw tt 15       bound in ms on paths from source ft through fw to sink tt
 * </pre>
 * Names are those of the level where the Placement is declared; inside a compound they refer to
 * its parts. Names are checked against the flattened service.
 */
final class PlacementReader {

    private static final String NAME = "([A-Za-z0-9_@/]+)";
    private static final Pattern CONNECTION =
            Pattern.compile(NAME + "(?:\\[(\\d{1,6})\\])?\\s*->\\s*(?:\\[(\\d{1,6})\\])?" + NAME);

    /** Plain decimal numbers only; Java's extras (NaN, hex, 1d) are not part of the language. */
    private static final Pattern NUMBER = Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");

    private static final Pattern BLANKS = Pattern.compile("\\s+");

    private final FlatGraph graph;
    private final DiagnosticSink diagnostics;
    private final Map<String, FlatNode> elementsByName = new HashMap<>();
    private final Map<String, SourcePos> firstSetting = new HashMap<>();
    private final PlacementAnnotations annotations = new PlacementAnnotations();

    PlacementReader(FlatGraph graph, DiagnosticSink diagnostics) {
        this.graph = graph;
        this.diagnostics = diagnostics;
        for (FlatNode node : graph.elements()) {
            if (!node.is(BuiltinClass.PLACEMENT)) {
                elementsByName.put(node.name, node);
            }
        }
    }

    PlacementAnnotations read() {
        for (FlatNode placement : graph.placements) {
            for (ConfigArg arg : placement.args) {
                readAnnotation(placement.scopePrefix, arg);
            }
        }
        return annotations;
    }

    private void readAnnotation(String prefix, ConfigArg arg) {
        String text = arg.value().strip();
        String[] words = BLANKS.split(text);
        String keyword = words[0].toUpperCase(Locale.ROOT);
        switch (keyword) {
            case "CPU" -> readCpu(prefix, arg, words);
            case "MEMORY" -> readMemory(prefix, arg, words);
            case "PPS" ->
                readTraffic(prefix, arg, text.substring(words[0].length()).strip());
            case "DELAY" -> readDelay(prefix, arg, words);
            default -> error(arg, "unknown annotation '" + words[0] + "'; use CPU, MEMORY, PPS or DELAY");
        }
    }

    private void readCpu(String prefix, ConfigArg arg, String[] words) {
        if (words.length != 3) {
            error(arg, "expected 'CPU element cores', e.g. 'CPU fw 0.5'");
            return;
        }
        FlatNode pm = processingModule(prefix, words[1], arg, "CPU");
        Double cores = number(words[2], arg, "CPU cores");
        if (pm != null && cores != null && firstTime("CPU " + pm.name, arg)) {
            annotations.cpuCores.put(pm.name, cores);
        }
    }

    private void readMemory(String prefix, ConfigArg arg, String[] words) {
        if (words.length != 3) {
            error(arg, "expected 'MEMORY element megabytes', e.g. 'MEMORY fw 256'");
            return;
        }
        FlatNode pm = processingModule(prefix, words[1], arg, "MEMORY");
        Double megabytes = number(words[2], arg, "MEMORY megabytes");
        if (megabytes != null && megabytes != Math.rint(megabytes)) {
            error(arg, "MEMORY is a whole number of megabytes, not " + words[2]);
            return;
        }
        if (pm != null && megabytes != null && firstTime("MEMORY " + pm.name, arg)) {
            annotations.memoryMb.put(pm.name, megabytes.longValue());
        }
    }

    private void readTraffic(String prefix, ConfigArg arg, String rest) {
        int lastBlank = rest.lastIndexOf(' ');
        Matcher m = lastBlank < 0
                ? null
                : CONNECTION.matcher(rest.substring(0, lastBlank).strip());
        if (m == null || !m.matches()) {
            error(arg, "expected 'PPS from -> to rate', e.g. 'PPS ft -> fw 20000' or 'PPS fw[1] -> [0]tt 500'");
            return;
        }
        Double rate = number(rest.substring(lastBlank + 1), arg, "PPS rate");
        FlatNode from = element(prefix, m.group(1), arg);
        FlatNode to = element(prefix, m.group(4), arg);
        if (rate == null || from == null || to == null) {
            return;
        }
        Integer fromPort = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        Integer toPort = m.group(3) == null ? null : Integer.valueOf(m.group(3));
        List<FlatEdge> matching = from.outgoing.stream()
                .filter(e -> e.to == to
                        && (fromPort == null || e.fromPort == fromPort)
                        && (toPort == null || e.toPort == toPort))
                .toList();
        if (matching.isEmpty()) {
            error(arg, "there is no connection " + m.group(0) + " (after compound elements are expanded)");
        } else if (matching.size() > 1) {
            error(
                    arg,
                    "'" + m.group(0) + "' matches " + matching.size() + " connections; give the ports, e.g. "
                            + from.name + "[" + matching.get(0).fromPort + "] -> [" + matching.get(0).toPort + "]"
                            + to.name);
        } else if (firstTime("PPS " + matching.get(0), arg)) {
            annotations.packetsPerSecond.put(matching.get(0), rate);
        }
    }

    private void readDelay(String prefix, ConfigArg arg, String[] words) {
        if (words.length < 4) {
            error(arg, "expected 'DELAY source [via ...] sink milliseconds', e.g. 'DELAY ft tt 15'");
            return;
        }
        List<FlatNode> nodes = new ArrayList<>();
        for (String name : Arrays.asList(words).subList(1, words.length - 1)) {
            nodes.add(element(prefix, name, arg));
        }
        Double bound = number(words[words.length - 1], arg, "DELAY bound");
        if (bound == null || nodes.contains(null)) {
            return;
        }
        FlatNode source = nodes.get(0);
        FlatNode sink = nodes.get(nodes.size() - 1);
        if (!source.is(BuiltinClass.FROM_NET) || !sink.is(BuiltinClass.TO_NET)) {
            error(
                    arg,
                    "a DELAY path runs from a FromNet to a ToNet; '" + source.name + "' or '" + sink.name
                            + "' is not one");
            return;
        }
        for (int i = 0; i + 1 < nodes.size(); i++) {
            if (!reachable(nodes.get(i), nodes.get(i + 1))) {
                error(arg, "no path leads from '" + nodes.get(i).name + "' to '" + nodes.get(i + 1).name + "'");
                return;
            }
        }
        List<String> via =
                nodes.subList(1, nodes.size() - 1).stream().map(n -> n.name).toList();
        if (firstTime("DELAY " + nodes, arg)) {
            annotations.paths.add(new BoundedPath(source.name, sink.name, via, bound));
        }
    }

    // ---- helpers ------------------------------------------------------------------------

    private FlatNode element(String prefix, String name, ConfigArg arg) {
        FlatNode node = elementsByName.get(prefix + name);
        if (node == null) {
            String hint = graph.compoundInstances.contains(prefix + name)
                    ? "; it is a compound element, so name one of its parts (e.g. " + name + "/part)"
                    : "";
            error(arg, "Placement names '" + name + "', but there is no such element" + hint);
        }
        return node;
    }

    private FlatNode processingModule(String prefix, String name, ConfigArg arg, String what) {
        FlatNode node = element(prefix, name, arg);
        if (node != null && !(node.elementClass instanceof ElementClass.Pm)) {
            error(arg, what + " applies to processing modules, and '" + name + "' is a " + node.elementClass.name());
            return null;
        }
        return node;
    }

    private Double number(String text, ConfigArg arg, String what) {
        if (NUMBER.matcher(text).matches()) {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        }
        error(arg, what + " must be a non-negative number, not '" + text + "'");
        return null;
    }

    private boolean firstTime(String setting, ConfigArg arg) {
        SourcePos previous = firstSetting.putIfAbsent(setting, arg.pos());
        if (previous != null) {
            error(
                    arg,
                    "this annotation repeats one given at line " + previous.line() + ", column " + previous.column());
            return false;
        }
        return true;
    }

    private static boolean reachable(FlatNode from, FlatNode to) {
        Set<FlatNode> seen = new HashSet<>();
        Deque<FlatNode> queue = new ArrayDeque<>();
        queue.add(from);
        while (!queue.isEmpty()) {
            FlatNode node = queue.poll();
            if (node == to) {
                return true;
            }
            for (FlatEdge edge : node.outgoing) {
                if (seen.add(edge.to)) {
                    queue.add(edge.to);
                }
            }
        }
        return false;
    }

    private void error(ConfigArg arg, String message) {
        diagnostics.semantic(arg.pos(), message);
    }
}
