package org.flowstream.contracts.click.ast;

import org.flowstream.contracts.click.diag.SourcePos;

/**
 * The raw text between an element's parentheses, kept as written (quotes, comments and
 * {@code $variables} included) because Click substitutes variables before splitting arguments.
 *
 * @param start position of the first character after '('
 */
public record ConfigText(String raw, SourcePos start) {}
