package org.flowstream.modulehost.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowstream.contracts.click.ClickArguments;
import org.flowstream.contracts.click.ast.Chain;
import org.flowstream.contracts.click.ast.ClassRef;
import org.flowstream.contracts.click.ast.ConfigText;
import org.flowstream.contracts.click.ast.Declaration;
import org.flowstream.contracts.click.ast.Define;
import org.flowstream.contracts.click.ast.ElementClassDef;
import org.flowstream.contracts.click.ast.ElementExpr;
import org.flowstream.contracts.click.ast.Endpoint;
import org.flowstream.contracts.click.ast.Name;
import org.flowstream.contracts.click.ast.PortList;
import org.flowstream.contracts.click.ast.Require;
import org.flowstream.contracts.click.ast.Statement;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.contracts.click.diag.SourcePos;
import org.flowstream.contracts.click.parser.ClickParser;

/**
 * Reads the Click text of a PM's element graph into declarations and connections:
 *
 * <pre>
 * // comments, and /* block comments *&#47;
 * in  :: FromDevice(p0);
 * fw  :: IPFilter(deny tcp dst port 22, allow all);
 * in -> fw -> Counter -> ToDevice(p1);
 * fw[1] -> Discard;          // output 1 of fw
 * t[1] -> [0]other;          // explicit ports
 * </pre>
 *
 * The syntax is the allocation language's: the one Click parser ({@link ClickParser}) reads it, and this class
 * gives the statements a PM graph's meaning. A word that is not a declared element is an anonymous element of
 * that type (named like {@code Counter@2}); a PM graph is flat, so compound elements, {@code elementclass},
 * {@code require}, {@code define}, {@code =>} and port lists are refused. Argument lists are Click configuration
 * text, split and unquoted by {@link ClickArguments} exactly as the allocation language and the resource daemon
 * write it. Errors read "line:column: error: message".
 */
public final class GraphParser {

    private final List<GraphConfig.Declaration> declarations = new ArrayList<>();
    private final Map<String, GraphConfig.Declaration> byName = new HashMap<>();
    private final List<GraphConfig.Connection> connections = new ArrayList<>();
    private final Set<String> declaredNames = new HashSet<>();
    private int anonymous;

    private GraphParser() {}

    public static GraphConfig parse(String text) throws ConfigException {
        DiagnosticSink diagnostics = new DiagnosticSink("");
        List<Statement> statements = ClickParser.parse(text == null ? "" : text, diagnostics);
        if (diagnostics.hasErrors()) {
            throw new ConfigException(diagnostics.sorted().stream()
                    .map(d -> error(new SourcePos(d.line(), d.column()), d.message())
                            .getMessage())
                    .collect(Collectors.joining("\n")));
        }
        GraphParser parser = new GraphParser();
        for (Statement statement : statements) {
            parser.collectNames(statement);
        }
        for (Statement statement : statements) {
            parser.read(statement);
        }
        if (parser.declarations.isEmpty()) {
            throw new ConfigException("1:1: error: the configuration declares no elements");
        }
        return new GraphConfig(List.copyOf(parser.declarations), List.copyOf(parser.connections));
    }

    /**
     * First pass: the names declared anywhere, so that chains may name elements declared further down; and
     * nothing a flat graph cannot hold.
     */
    private void collectNames(Statement statement) throws ConfigException {
        switch (statement) {
            case Declaration d -> d.names().forEach(name -> declaredNames.add(name.text()));
            case Chain chain ->
                chain.endpoints().stream()
                        .map(Endpoint::element)
                        .filter(e -> e instanceof ElementExpr.InlineDeclaration)
                        .forEach(e -> declaredNames.add(
                                ((ElementExpr.InlineDeclaration) e).name().text()));
            default -> throw notInAPmGraph(statement);
        }
    }

    /** Second pass, in the text's order: declarations, and the elements and arrows of chains. */
    private void read(Statement statement) throws ConfigException {
        if (statement instanceof Declaration d) {
            for (Name name : d.names()) {
                declare(name, d.classRef(), d.config());
            }
        } else if (statement instanceof Chain chain) {
            connect(chain);
        }
    }

    private void declare(Name name, ClassRef classRef, ConfigText config) throws ConfigException {
        GraphConfig.Declaration first = byName.get(name.text());
        if (first != null) {
            throw error(name.pos(), "element '%s' is already declared at line %d".formatted(name.text(), first.line()));
        }
        add(new GraphConfig.Declaration(
                name.text(),
                typeName(classRef),
                arguments(config),
                name.pos().line(),
                name.pos().column()));
    }

    /** Each arrow of a chain; elements declared where they stand. */
    private void connect(Chain chain) throws ConfigException {
        String previous = null;
        int previousOut = 0;
        for (int i = 0; i < chain.endpoints().size(); i++) {
            Endpoint endpoint = chain.endpoints().get(i);
            String name = element(endpoint.element());
            if (previous != null) {
                if (chain.connectors().get(i - 1) != Chain.Connector.ARROW) {
                    throw error(endpoint.element().pos(), "'=>' connects port lists; a PM graph connects with '->'");
                }
                SourcePos at = endpoint.element().pos();
                connections.add(new GraphConfig.Connection(
                        previous, previousOut, name, port(endpoint.inPorts()), at.line(), at.column()));
            }
            previous = name;
            previousOut = port(endpoint.outPorts());
        }
    }

    /** The name of the element an expression stands for, declaring it when it is anonymous. */
    private String element(ElementExpr expression) throws ConfigException {
        return switch (expression) {
            case ElementExpr.InlineDeclaration d -> {
                declare(d.name(), d.classRef(), d.config());
                yield d.name().text();
            }
            case ElementExpr.Word w when declaredNames.contains(w.name()) -> w.name();
            case ElementExpr.Word w -> anonymous(w.name(), w.pos(), null);
            case ElementExpr.Anonymous a -> anonymous(typeName(a.classRef()), a.pos(), a.config());
        };
    }

    private String anonymous(String type, SourcePos pos, ConfigText config) throws ConfigException {
        if (!Character.isUpperCase(type.charAt(0))) {
            throw error(
                    pos,
                    "'%s' is neither a declared element nor an element type (types start with a capital letter)"
                            .formatted(type));
        }
        String name = type + "@" + (++anonymous);
        add(new GraphConfig.Declaration(name, type, arguments(config), pos.line(), pos.column()));
        return name;
    }

    private void add(GraphConfig.Declaration declaration) {
        declarations.add(declaration);
        byName.put(declaration.name(), declaration);
    }

    private static String typeName(ClassRef classRef) throws ConfigException {
        return switch (classRef) {
            case ClassRef.Named named -> named.name();
            case ClassRef.Inline inline ->
                throw error(inline.pos(), "a PM graph has no compound elements: declare each element by its type");
        };
    }

    private static List<String> arguments(ConfigText config) {
        return config == null ? List.of() : ClickArguments.values(config.raw());
    }

    /** The port an endpoint names, 0 when none is written; a PM graph connects one port at a time. */
    private static int port(PortList ports) throws ConfigException {
        if (ports == null) {
            return 0;
        }
        if (ports.numbers().size() != 1) {
            throw error(ports.pos(), "a PM graph connects one port at a time, not " + ports.describe());
        }
        return ports.numbers().get(0);
    }

    private static ConfigException notInAPmGraph(Statement statement) {
        return switch (statement) {
            case ElementClassDef d ->
                error(d.name().pos(), "a PM graph has no compound elements: 'elementclass' has no place in it");
            case Require r -> error(r.pos(), "'require' has no place in a PM graph");
            case Define d -> error(d.pos(), "'define' has no place in a PM graph");
            default -> error(SourcePos.START, "a PM graph holds declarations and connections only");
        };
    }

    private static ConfigException error(SourcePos pos, String message) {
        return new ConfigException("%d:%d: error: %s".formatted(pos.line(), pos.column(), message));
    }
}
