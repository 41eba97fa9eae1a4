package org.flowstream.lang.check;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.flowstream.contracts.click.diag.SourcePos;
import org.flowstream.lang.config.Variables;

/**
 * The names visible at one level: the top of the file or one compound instance. Element names
 * are local to their level; element classes are also visible in nested compounds.
 */
final class Scope {

    /** What a name stands for when it appears in a connection. */
    record Binding(FlatNode receives, FlatNode sends) {}

    final Scope lexicalParent;
    /** Prepended to local names, e.g. "outer/" inside instance "outer". */
    final String prefix;

    final Variables variables;
    final Map<String, ElementClass> classes = new HashMap<>();
    final Map<String, Binding> elements = new HashMap<>();
    /** Names declared anywhere in this level, so that a use before the declaration still resolves. */
    final Set<String> declaredNames = new HashSet<>();
    /** Where each local element was declared, for "already declared" messages. */
    final Map<String, SourcePos> declaredAt = new HashMap<>();
    /** Where each local elementclass was defined, likewise. */
    final Map<String, SourcePos> classDefinedAt = new HashMap<>();

    private int anonymousCount;

    Scope(Scope lexicalParent, String prefix, Variables variables) {
        this.lexicalParent = lexicalParent;
        this.prefix = prefix;
        this.variables = variables;
    }

    ElementClass findClass(String name) {
        for (Scope scope = this; scope != null; scope = scope.lexicalParent) {
            ElementClass found = scope.classes.get(name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Click's name for an anonymous element, {@code Class@N}, made unique in this level. */
    String anonymousName(String className) {
        String name;
        do {
            name = className + "@" + (++anonymousCount);
        } while (declaredNames.contains(name) || elements.containsKey(name));
        return name;
    }
}
