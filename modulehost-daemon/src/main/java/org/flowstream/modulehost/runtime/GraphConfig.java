package org.flowstream.modulehost.runtime;

import java.util.List;

/**
 * A PM's element graph as its configuration text describes it, before anything is instantiated: the daemon
 * reads it to check a create_pm request (known element types, existing interfaces), the PM process builds it.
 */
public record GraphConfig(List<Declaration> declarations, List<Connection> connections) {

    /** {@code name :: Type(args)}; anonymous elements get names like "Counter@2". */
    public record Declaration(String name, String type, List<String> args, int line, int column) {}

    /** {@code from[fromPort] -> [toPort]to}. */
    public record Connection(String from, int fromPort, String to, int toPort, int line, int column) {}

    /** The interface names FromDevice and ToDevice elements use (their first argument). */
    public List<String> devices() {
        return declarations.stream()
                .filter(d -> d.type().equals("FromDevice") || d.type().equals("ToDevice"))
                .filter(d -> !d.args().isEmpty())
                .map(d -> d.args().get(0))
                .distinct()
                .sorted()
                .toList();
    }
}
