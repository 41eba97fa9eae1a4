package org.flowstream.lang.check;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.click.ast.Chain;
import org.flowstream.contracts.click.ast.ClassRef;
import org.flowstream.contracts.click.ast.CompoundBody;
import org.flowstream.contracts.click.ast.ConfigText;
import org.flowstream.contracts.click.ast.Declaration;
import org.flowstream.contracts.click.ast.Define;
import org.flowstream.contracts.click.ast.ElementClassDef;
import org.flowstream.contracts.click.ast.ElementExpr;
import org.flowstream.contracts.click.ast.Endpoint;
import org.flowstream.contracts.click.ast.Name;
import org.flowstream.contracts.click.ast.Statement;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.contracts.click.diag.SourcePos;
import org.flowstream.lang.catalogue.PmCatalogue;
import org.flowstream.lang.config.ConfigArg;
import org.flowstream.lang.config.ConfigSplitter;
import org.flowstream.lang.config.Variables;

/**
 * Turns the statements of a request into a {@link FlatGraph}: declares elements, expands
 * compound instances in place (their parts named {@code instance/part}) and records every
 * connection. Each level is done in three passes (classes and defines, declarations,
 * connections) so that a name may be used before the line that declares it.
 */
final class Elaborator {

    /** Deeper nesting than this is taken for runaway recursion through synonyms or inline classes. */
    private static final int MAX_COMPOUND_DEPTH = 64;
    /**
     * Nested compounds multiply: a few lines can stand for millions of elements. Past this many
     * elements created inside compound instances the request is refused rather than exhaust memory.
     * Elements written at top level are not counted; the size of the text bounds them.
     */
    static final int MAX_EXPANDED_NODES = 250_000;

    private final FlatGraph graph = new FlatGraph();
    private final DiagnosticSink diagnostics;
    private final ClassResolver classes;
    /** Compound bodies being expanded, to catch a class that contains itself. */
    private final Map<CompoundBody, Boolean> expanding = new IdentityHashMap<>();

    private final int maxExpandedNodes;
    private int expandedNodes;

    Elaborator(PmCatalogue catalogue, DiagnosticSink diagnostics, int maxExpandedNodes) {
        this.diagnostics = diagnostics;
        this.classes = new ClassResolver(catalogue, diagnostics);
        this.maxExpandedNodes = maxExpandedNodes;
    }

    FlatGraph elaborate(List<Statement> statements) {
        Scope top = new Scope(null, "", new Variables(null));
        elaborateLevel(statements, top);
        return graph;
    }

    private void elaborateLevel(List<Statement> statements, Scope scope) {
        for (Statement statement : statements) {
            collectNames(statement, scope);
            if (statement instanceof ElementClassDef def) {
                defineClass(def, scope);
            } else if (statement instanceof Define define) {
                defineVariables(define, scope);
            }
        }
        for (Statement statement : statements) {
            declareElements(statement, scope);
        }
        for (Statement statement : statements) {
            if (statement instanceof Chain chain) {
                connect(chain, scope);
            }
        }
    }

    // ---- pass 1: classes, variables, names ---------------------------------------------------

    private void collectNames(Statement statement, Scope scope) {
        if (statement instanceof Declaration declaration) {
            declaration.names().forEach(name -> scope.declaredNames.add(name.text()));
        } else if (statement instanceof Chain chain) {
            for (Endpoint endpoint : chain.endpoints()) {
                if (endpoint.element() instanceof ElementExpr.InlineDeclaration inline) {
                    scope.declaredNames.add(inline.name().text());
                }
            }
        }
    }

    private void defineClass(ElementClassDef def, Scope scope) {
        String name = def.name().text();
        SourcePos previous = scope.classDefinedAt.get(name);
        if (previous != null) {
            diagnostics.semantic(
                    def.name().pos(), "elementclass '" + name + "' is already defined at line " + previous.line());
            return;
        }
        scope.classDefinedAt.put(name, def.name().pos());
        ElementClass definition = def.definition() instanceof ClassRef.Inline inline
                ? new ElementClass.Compound(name, inline.body(), scope)
                : classes.resolve(def.definition(), scope);
        scope.classes.put(name, definition);
    }

    /** {@code define($name value, ...)}: each argument sets one variable. */
    private void defineVariables(Define define, Scope scope) {
        for (ConfigArg arg :
                ConfigSplitter.split(define.config().raw(), define.config().start())) {
            String raw = arg.raw();
            int nameEnd = 1;
            while (nameEnd < raw.length() && isVariableChar(raw.charAt(nameEnd))) {
                nameEnd++;
            }
            if (!raw.startsWith("$")
                    || nameEnd == 1
                    || (nameEnd < raw.length() && !Character.isWhitespace(raw.charAt(nameEnd)))) {
                diagnostics.semantic(arg.pos(), "define expects '$name value', found '" + raw + "'");
                continue;
            }
            String value = scope.variables.substitute(raw.substring(nameEnd).strip());
            scope.variables.set(raw.substring(1, nameEnd), value);
        }
    }

    private static boolean isVariableChar(char c) {
        return (c < 128 && Character.isLetterOrDigit(c)) || c == '_';
    }

    // ---- pass 2: declarations ----------------------------------------------------------------

    private void declareElements(Statement statement, Scope scope) {
        if (statement instanceof Declaration declaration) {
            for (Name name : declaration.names()) {
                declare(name, declaration.classRef(), declaration.config(), scope);
            }
        } else if (statement instanceof Chain chain) {
            for (Endpoint endpoint : chain.endpoints()) {
                if (endpoint.element() instanceof ElementExpr.InlineDeclaration inline) {
                    declare(inline.name(), inline.classRef(), inline.config(), scope);
                }
            }
        }
    }

    private void declare(Name name, ClassRef classRef, ConfigText config, Scope scope) {
        String local = name.text();
        if (scope.lexicalParent != null && (local.equals("input") || local.equals("output"))) {
            diagnostics.semantic(name.pos(), "'" + local + "' is reserved inside an elementclass for its ports");
            return;
        }
        if (hasAllDigitPart(local)) {
            diagnostics.semantic(
                    name.pos(),
                    "element name '" + local + "' has an all-digit part; Click reserves" + " numbers for ports");
        }
        SourcePos previous = scope.declaredAt.get(local);
        if (previous != null) {
            diagnostics.semantic(
                    name.pos(),
                    "element '" + local + "' is already declared at line " + previous.line() + ", column "
                            + previous.column());
            return;
        }
        scope.declaredAt.put(local, name.pos());
        ElementClass elementClass = classes.resolve(classRef, scope);
        scope.elements.put(local, instantiate(scope.prefix + local, elementClass, config, name.pos(), scope));
    }

    private static boolean hasAllDigitPart(String name) {
        for (String part : name.split("/")) {
            if (part.chars().allMatch(Character::isDigit)) {
                return true;
            }
        }
        return false;
    }

    // ---- instances -----------------------------------------------------------------------------

    private Scope.Binding instantiate(
            String qualifiedName, ElementClass elementClass, ConfigText config, SourcePos pos, Scope scope) {
        if (!expanding.isEmpty() && ++expandedNodes > maxExpandedNodes) {
            if (!graph.truncated) {
                diagnostics.semantic(
                        pos, "the compound elements expand to more than " + maxExpandedNodes + " elements");
                graph.truncated = true;
            }
            return null;
        }
        List<ConfigArg> args = substitutedArgs(config, scope);
        if (elementClass instanceof ElementClass.Compound compound) {
            return expandCompound(qualifiedName, compound, args, pos);
        }
        FlatNode node =
                graph.add(new FlatNode(FlatNode.Kind.ELEMENT, qualifiedName, elementClass, args, pos, scope.prefix));
        if (node.is(BuiltinClass.PLACEMENT)) {
            graph.placements.add(node);
        }
        return new Scope.Binding(node, node);
    }

    private static List<ConfigArg> substitutedArgs(ConfigText config, Scope scope) {
        if (config == null) {
            return List.of();
        }
        List<ConfigArg> args = new ArrayList<>();
        for (ConfigArg arg : ConfigSplitter.split(config.raw(), config.start())) {
            args.add(arg.withRaw(scope.variables.substitute(arg.raw())));
        }
        return args;
    }

    /**
     * Expands one compound instance: its body is elaborated in a fresh level whose 'input' and
     * 'output' are the instance's two sides; splicing later joins them to the outside.
     */
    private Scope.Binding expandCompound(
            String qualifiedName, ElementClass.Compound compound, List<ConfigArg> args, SourcePos pos) {
        graph.compoundInstances.add(qualifiedName);
        FlatNode input =
                graph.add(new FlatNode(FlatNode.Kind.COMPOUND_INPUT, qualifiedName, compound, List.of(), pos, ""));
        FlatNode output =
                graph.add(new FlatNode(FlatNode.Kind.COMPOUND_OUTPUT, qualifiedName, compound, List.of(), pos, ""));
        if (expanding.containsKey(compound.body()) || expanding.size() >= MAX_COMPOUND_DEPTH) {
            diagnostics.semantic(pos, "elementclass '" + compound.name() + "' contains itself, so it never ends");
            input.compoundPorts = FlatNode.PORTS_UNKNOWN;
            output.compoundPorts = FlatNode.PORTS_UNKNOWN;
            return new Scope.Binding(input, output);
        }
        expanding.put(compound.body(), Boolean.TRUE);
        Variables variables = new Variables(compound.scope().variables);
        FormalBinder.bind(compound.name(), compound.body(), args, variables, pos, diagnostics);
        Scope inner = new Scope(compound.scope(), qualifiedName + "/", variables);
        inner.elements.put("input", new Scope.Binding(null, input));
        inner.elements.put("output", new Scope.Binding(output, null));
        elaborateLevel(compound.body().statements(), inner);
        expanding.remove(compound.body());
        input.compoundPorts = countBodyPorts(input.outgoing, true, "input", compound);
        output.compoundPorts = countBodyPorts(output.incoming, false, "output", compound);
        return new Scope.Binding(input, output);
    }

    /** A compound has as many ports on a side as its body uses, and must use every one of them. */
    private int countBodyPorts(List<FlatEdge> edges, boolean fromSide, String side, ElementClass.Compound compound) {
        boolean[] used = new boolean
                [edges.stream()
                        .mapToInt(e -> (fromSide ? e.fromPort : e.toPort) + 1)
                        .max()
                        .orElse(0)];
        for (FlatEdge edge : edges) {
            used[fromSide ? edge.fromPort : edge.toPort] = true;
        }
        for (int port = 0; port < used.length; port++) {
            if (!used[port]) {
                diagnostics.semantic(
                        compound.body().pos(),
                        "elementclass '" + compound.name() + "' never uses " + side + " port " + port
                                + " although it uses a higher one");
            }
        }
        return used.length;
    }

    // ---- pass 3: connections ---------------------------------------------------------------

    private void connect(Chain chain, Scope scope) {
        List<Scope.Binding> bindings = new ArrayList<>();
        for (Endpoint endpoint : chain.endpoints()) {
            bindings.add(bind(endpoint.element(), scope));
        }
        for (int i = 0; i + 1 < bindings.size(); i++) {
            Endpoint left = chain.endpoints().get(i);
            Endpoint right = chain.endpoints().get(i + 1);
            connectPair(bindings.get(i), left, chain.connectors().get(i), bindings.get(i + 1), right);
        }
    }

    private void connectPair(
            Scope.Binding from, Endpoint left, Chain.Connector connector, Scope.Binding to, Endpoint right) {
        if (from == null || to == null) {
            return; // the element itself is in error; that is reported already
        }
        if (from.sends() == null) {
            diagnostics.semantic(
                    left.element().pos(),
                    "'output' is where the elementclass's packets leave; it cannot send to "
                            + "another element inside it");
            return;
        }
        if (to.receives() == null) {
            diagnostics.semantic(
                    right.element().pos(),
                    "'input' is where packets enter the elementclass; nothing inside it " + "can send to it");
            return;
        }
        SourcePos pos =
                left.outPorts() == null ? left.element().pos() : left.outPorts().pos();
        for (int[] ports : PortPairing.pair(left.outPorts(), connector, right.inPorts(), pos, diagnostics)) {
            graph.connect(from.sends(), ports[0], to.receives(), ports[1], pos);
        }
    }

    /** What a chain element stands for, creating anonymous elements as Click does. */
    private Scope.Binding bind(ElementExpr element, Scope scope) {
        return switch (element) {
            case ElementExpr.InlineDeclaration inline ->
                scope.elements.get(inline.name().text());
            case ElementExpr.Anonymous anonymous -> {
                ElementClass elementClass = classes.resolve(anonymous.classRef(), scope);
                yield instantiate(
                        scope.prefix + scope.anonymousName(elementClass.name()),
                        elementClass,
                        anonymous.config(),
                        anonymous.pos(),
                        scope);
            }
            case ElementExpr.Word word -> bindWord(word, scope);
        };
    }

    /** A bare word is a declared element if there is one, otherwise an anonymous element of that class. */
    private Scope.Binding bindWord(ElementExpr.Word word, Scope scope) {
        Scope.Binding declared = scope.elements.get(word.name());
        if (declared != null || scope.declaredNames.contains(word.name())) {
            return declared;
        }
        ElementClass elementClass = classes.lookup(word.name(), scope);
        if (elementClass == null) {
            diagnostics.semantic(
                    word.pos(),
                    "'" + word.name() + "' is neither a declared element nor a known element class"
                            + Suggestions.didYouMean(word.name(), knownNames(scope)));
            // Stand in an element of unknown class so its neighbours are not also reported as unconnected.
            elementClass = new ElementClass.Unknown(word.name());
        }
        return instantiate(
                scope.prefix + scope.anonymousName(elementClass.name()), elementClass, null, word.pos(), scope);
    }

    private List<String> knownNames(Scope scope) {
        List<String> names = new ArrayList<>(scope.elements.keySet());
        names.addAll(classes.knownNames(scope));
        return names;
    }
}
