package org.flowstream.contracts.click.parser;

import org.flowstream.contracts.click.diag.SourcePos;

/**
 * Unwinds the parser from a malformed statement to its recovery point. It never leaves the
 * parser: the statement loop turns it into a diagnostic and resynchronises.
 */
final class SyntaxError extends RuntimeException {

    final SourcePos pos;

    SyntaxError(SourcePos pos, String message) {
        super(message, null, false, false);
        this.pos = pos;
    }
}
