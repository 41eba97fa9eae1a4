package org.flowstream.lang.ast;

import org.flowstream.lang.diag.SourcePos;

/**
 * The raw text between an element's parentheses, kept as written (quotes, comments and
 * {@code $variables} included) because Click substitutes variables before splitting arguments.
 *
 * @param start position of the first character after '('
 */
public record ConfigText(String raw, SourcePos start) {}
