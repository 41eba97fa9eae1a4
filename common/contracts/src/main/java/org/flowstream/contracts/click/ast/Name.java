package org.flowstream.contracts.click.ast;

import org.flowstream.contracts.click.diag.SourcePos;

/** A word in the source together with where it was written. */
public record Name(String text, SourcePos pos) {}
