package org.flowstream.contracts.click.ast;

import org.flowstream.contracts.click.diag.SourcePos;

/** The class part of a declaration: a class name or an inline compound {@code { ... }}. */
public sealed interface ClassRef permits ClassRef.Named, ClassRef.Inline {

    SourcePos pos();

    /** A class referred to by name; resolved later against compounds, built-ins and the catalogue. */
    record Named(String name, SourcePos pos) implements ClassRef {}

    /** An anonymous compound class written in place. */
    record Inline(CompoundBody body, SourcePos pos) implements ClassRef {}
}
