package org.flowstream.lang.ast;

import org.flowstream.lang.diag.SourcePos;

/**
 * A compound's formal parameter: {@code $name}, or {@code KEYWORD $name} for one given as a
 * keyword argument.
 *
 * @param keyword null for a positional parameter
 */
public record Formal(String keyword, String name, SourcePos pos) {}
