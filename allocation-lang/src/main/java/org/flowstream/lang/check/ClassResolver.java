package org.flowstream.lang.check;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.contracts.click.ast.ClassRef;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.lang.catalogue.PmCatalogue;
import org.flowstream.lang.catalogue.PmType;

/**
 * Finds what a class name means, in Click's order: element classes defined in the request
 * (innermost first), then the language's built-ins, then the platform's catalogue.
 */
final class ClassResolver {

    /** Name given to compounds written in place, as in {@code x :: { input -> output }}. */
    static final String INLINE_COMPOUND_NAME = "Compound";

    private final PmCatalogue catalogue;
    private final DiagnosticSink diagnostics;

    ClassResolver(PmCatalogue catalogue, DiagnosticSink diagnostics) {
        this.catalogue = catalogue;
        this.diagnostics = diagnostics;
    }

    ElementClass resolve(ClassRef ref, Scope scope) {
        if (ref instanceof ClassRef.Inline inline) {
            return new ElementClass.Compound(INLINE_COMPOUND_NAME, inline.body(), scope);
        }
        ClassRef.Named named = (ClassRef.Named) ref;
        ElementClass found = lookup(named.name(), scope);
        if (found == null) {
            diagnostics.semantic(
                    named.pos(),
                    "unknown element class '" + named.name() + "': the platform has no such" + " processing module"
                            + Suggestions.didYouMean(named.name(), knownNames(scope)));
            return new ElementClass.Unknown(named.name());
        }
        return found;
    }

    /** The class of that name, or null; reports nothing. */
    ElementClass lookup(String name, Scope scope) {
        ElementClass compound = scope.findClass(name);
        if (compound != null) {
            return compound;
        }
        BuiltinClass builtin = BuiltinClass.byName(name);
        if (builtin != null) {
            return new ElementClass.Builtin(builtin);
        }
        return catalogue.find(name).<ElementClass>map(ElementClass.Pm::new).orElse(null);
    }

    List<String> knownNames(Scope scope) {
        List<String> names = new ArrayList<>();
        for (Scope s = scope; s != null; s = s.lexicalParent) {
            names.addAll(s.classes.keySet());
        }
        for (BuiltinClass builtin : BuiltinClass.values()) {
            names.add(builtin.className);
        }
        for (PmType type : catalogue.all()) {
            names.add(type.className());
        }
        return names;
    }
}
