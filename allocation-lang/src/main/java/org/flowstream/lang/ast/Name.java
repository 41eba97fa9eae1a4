package org.flowstream.lang.ast;

import org.flowstream.lang.diag.SourcePos;

/** A word in the source together with where it was written. */
public record Name(String text, SourcePos pos) {}
