package org.flowstream.contracts.click.lexer;

import org.flowstream.contracts.click.diag.SourcePos;

/** Walks a text character by character while keeping track of line and column. */
final class SourceCursor {

    private final String text;
    private int index;
    private int line;
    private int column;

    SourceCursor(String text, int startIndex, int startLine) {
        this.text = text;
        this.index = startIndex;
        this.line = startLine;
        this.column = 1;
    }

    boolean atEnd() {
        return index >= text.length();
    }

    /** The character {@code ahead} places forward, or 0 past the end. */
    char peek(int ahead) {
        int at = index + ahead;
        return at < text.length() ? text.charAt(at) : 0;
    }

    char peek() {
        return peek(0);
    }

    char advance() {
        char c = text.charAt(index++);
        if (c == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        return c;
    }

    int index() {
        return index;
    }

    int column() {
        return column;
    }

    SourcePos pos() {
        return new SourcePos(line, column);
    }

    String slice(int from, int to) {
        return text.substring(from, to);
    }
}
