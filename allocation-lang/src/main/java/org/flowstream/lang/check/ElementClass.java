package org.flowstream.lang.check;

import org.flowstream.contracts.click.ast.CompoundBody;
import org.flowstream.lang.catalogue.PmType;

/** What a class name in the request turned out to be. */
sealed interface ElementClass {

    String name();

    record Builtin(BuiltinClass builtin) implements ElementClass {
        @Override
        public String name() {
            return builtin.className;
        }
    }

    record Pm(PmType type) implements ElementClass {
        @Override
        public String name() {
            return type.className();
        }
    }

    /** An elementclass; {@code scope} is where it was defined, which is what its body can see. */
    record Compound(String name, CompoundBody body, Scope scope) implements ElementClass {}

    /** Not known; the error is already reported, later checks leave such elements alone. */
    record Unknown(String name) implements ElementClass {}
}
