package org.flowstream.contracts.click.ast;

import org.flowstream.contracts.click.diag.SourcePos;

/**
 * A compound's formal parameter: {@code $name}, or {@code KEYWORD $name} for one given as a
 * keyword argument.
 *
 * @param keyword null for a positional parameter
 */
public record Formal(String keyword, String name, SourcePos pos) {}
