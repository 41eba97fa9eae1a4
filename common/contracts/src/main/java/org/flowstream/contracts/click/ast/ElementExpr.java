package org.flowstream.contracts.click.ast;

import org.flowstream.contracts.click.diag.SourcePos;

/** What can stand between the arrows of a chain. */
public sealed interface ElementExpr permits ElementExpr.Word, ElementExpr.InlineDeclaration, ElementExpr.Anonymous {

    SourcePos pos();

    /**
     * A bare word: a declared element, or else an anonymous element of the class of that name
     * (Click decides by scope, so the checker does too).
     */
    record Word(String name, SourcePos pos) implements ElementExpr {}

    /** {@code name :: Class(config)} written inside a chain. */
    record InlineDeclaration(Name name, ClassRef classRef, ConfigText config) implements ElementExpr {
        @Override
        public SourcePos pos() {
            return name.pos();
        }
    }

    /** {@code Class(config)} or {@code { compound }} written inside a chain. */
    record Anonymous(ClassRef classRef, ConfigText config) implements ElementExpr {
        @Override
        public SourcePos pos() {
            return classRef.pos();
        }
    }
}
