package org.flowstream.lang.check;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.contracts.click.diag.SourcePos;
import org.flowstream.lang.config.ConfigArg;

/**
 * A node of the graph built while flattening: a real element, or one side of a compound
 * instance (its 'input' or 'output'), which splicing later removes.
 */
final class FlatNode {

    enum Kind {
        ELEMENT,
        COMPOUND_INPUT,
        COMPOUND_OUTPUT
    }

    final Kind kind;
    /** Qualified name, e.g. {@code outer/inner}. For compound sides, the instance's name. */
    final String name;

    final ElementClass elementClass;
    /** Arguments after variable substitution. */
    final List<ConfigArg> args;

    final SourcePos pos;
    /** The compound scope's prefix at the declaration, used to resolve names in Placement args. */
    final String scopePrefix;
    /** For a compound that could not be expanded: its port counts are unknown, so not checked. */
    static final int PORTS_UNKNOWN = -1;

    /** For compound sides: how many ports the compound's body uses on this side. */
    int compoundPorts;

    final List<FlatEdge> incoming = new ArrayList<>();
    final List<FlatEdge> outgoing = new ArrayList<>();

    FlatNode(
            Kind kind,
            String name,
            ElementClass elementClass,
            List<ConfigArg> args,
            SourcePos pos,
            String scopePrefix) {
        this.kind = kind;
        this.name = name;
        this.elementClass = elementClass;
        this.args = List.copyOf(args);
        this.pos = pos;
        this.scopePrefix = scopePrefix;
    }

    boolean isElement() {
        return kind == Kind.ELEMENT;
    }

    boolean is(BuiltinClass builtin) {
        return elementClass instanceof ElementClass.Builtin b && b.builtin() == builtin;
    }

    /** Connections into this node that splicing has not retired. */
    List<FlatEdge> liveIncoming() {
        return incoming.stream().filter(FlatEdge::isLive).toList();
    }

    /** Connections out of this node that splicing has not retired. */
    List<FlatEdge> liveOutgoing() {
        return outgoing.stream().filter(FlatEdge::isLive).toList();
    }

    /** Drops retired connections, so that later checks can read the lists directly. */
    void dropRetiredEdges() {
        incoming.removeIf(edge -> !edge.isLive());
        outgoing.removeIf(edge -> !edge.isLive());
    }

    @Override
    public String toString() {
        return name;
    }
}
