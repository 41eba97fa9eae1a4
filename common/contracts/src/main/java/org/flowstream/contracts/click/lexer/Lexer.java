package org.flowstream.contracts.click.lexer;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.contracts.click.diag.SourcePos;

/**
 * Splits Click text into tokens. Comments and blanks vanish; a parenthesised configuration string
 * becomes one {@link TokenKind#CONFIG} token, as in Click, because its inside follows each
 * element's own rules. Problems are reported to the sink and lexing carries on, so one bad
 * character never hides the rest of the file.
 */
public final class Lexer {

    private final SourceCursor cursor;
    private final DiagnosticSink diagnostics;
    private final List<Token> tokens = new ArrayList<>();
    /** True until a token is emitted on the current line. */
    private boolean lineStart = true;

    /**
     * @param startIndex where the body begins (after the header lines)
     * @param startLine  the line number at {@code startIndex}, which must begin a line
     */
    public Lexer(String text, int startIndex, int startLine, DiagnosticSink diagnostics) {
        this.cursor = new SourceCursor(text, startIndex, startLine);
        this.diagnostics = diagnostics;
    }

    public List<Token> tokenize() {
        while (skipBlanksAndComments()) {
            lexOne();
        }
        tokens.add(new Token(TokenKind.EOF, "", cursor.pos(), lineStart));
        return tokens;
    }

    /** Returns false at the end of the text. */
    private boolean skipBlanksAndComments() {
        while (!cursor.atEnd()) {
            char c = cursor.peek();
            if (c == '\n') {
                cursor.advance();
                lineStart = true;
            } else if (Character.isWhitespace(c)) {
                cursor.advance();
            } else if (c == '/' && cursor.peek(1) == '/') {
                skipLineComment();
            } else if (c == '/' && cursor.peek(1) == '*') {
                skipBlockComment();
            } else if (c == '#' && cursor.column() == 1) {
                // A C preprocessor line marker ("# 12 \"file.click\""), as Click accepts them.
                skipLineComment();
            } else {
                return true;
            }
        }
        return false;
    }

    private void skipLineComment() {
        while (!cursor.atEnd() && cursor.peek() != '\n') {
            cursor.advance();
        }
    }

    /** Reports an unterminated comment at its opening; returns false in that case. */
    private boolean skipBlockComment() {
        SourcePos start = cursor.pos();
        cursor.advance();
        cursor.advance();
        while (!cursor.atEnd()) {
            if (cursor.peek() == '*' && cursor.peek(1) == '/') {
                cursor.advance();
                cursor.advance();
                return true;
            }
            cursor.advance();
        }
        diagnostics.syntax(start, "unterminated comment: '/*' is never closed by '*/'");
        return false;
    }

    private void lexOne() {
        SourcePos pos = cursor.pos();
        char c = cursor.peek();
        if (isWordStart(c)) {
            emit(TokenKind.WORD, readWord(), pos);
            return;
        }
        switch (c) {
            case '$' -> lexVariable(pos);
            case '(' -> lexConfig(pos);
            case ':' -> lexPair(':', TokenKind.COLONCOLON, pos);
            case '-' -> lexPair('>', TokenKind.ARROW, pos);
            case '=' -> lexPair('>', TokenKind.PAIRWISE_ARROW, pos);
            case ',' -> single(TokenKind.COMMA, pos);
            case ';' -> single(TokenKind.SEMICOLON, pos);
            case '[' -> single(TokenKind.LBRACKET, pos);
            case ']' -> single(TokenKind.RBRACKET, pos);
            case '{' -> single(TokenKind.LBRACE, pos);
            case '}' -> single(TokenKind.RBRACE, pos);
            case '|' -> single(TokenKind.BAR, pos);
            case ')' -> {
                cursor.advance();
                diagnostics.syntax(pos, "unexpected ')' without a matching '('");
            }
            case '"', '\'' -> {
                cursor.advance();
                diagnostics.syntax(pos, "a quoted string may only appear inside a configuration '( ... )'");
                skipStrayString(c);
            }
            default -> {
                cursor.advance();
                diagnostics.syntax(pos, "unexpected character " + describeChar(c) + hint(c));
            }
        }
    }

    /** As in Click's lexer, '#' is a comment only first on a line and '.' is no name character: say so. */
    private static String hint(char c) {
        return switch (c) {
            case '#' ->
                " ('#' starts a line marker only at the start of a line, as in Click; comment with // or /* */)";
            case '.' -> " (names are letters, digits, '_', '@' and '/', as in Click)";
            default -> "";
        };
    }

    /** Click names are letters, digits, '_' and '@', joined by single '/' (as in {@code outer/inner}). */
    static boolean isWordStart(char c) {
        return (c < 128 && Character.isLetterOrDigit(c)) || c == '_' || c == '@';
    }

    /** A '/' belongs to a name only between two name characters, so "a//x" is a name and a comment. */
    private String readWord() {
        int start = cursor.index();
        while (!cursor.atEnd()) {
            char c = cursor.peek();
            if (isWordStart(c) || (c == '/' && isWordStart(cursor.peek(1)))) {
                cursor.advance();
            } else {
                break;
            }
        }
        return cursor.slice(start, cursor.index());
    }

    private void lexVariable(SourcePos pos) {
        cursor.advance();
        int start = cursor.index();
        while (!cursor.atEnd() && isVariableChar(cursor.peek())) {
            cursor.advance();
        }
        String name = cursor.slice(start, cursor.index());
        if (name.isEmpty()) {
            diagnostics.syntax(pos, "'$' must be followed by a variable name");
            return;
        }
        emit(TokenKind.VARIABLE, name, pos);
    }

    static boolean isVariableChar(char c) {
        return (c < 128 && Character.isLetterOrDigit(c)) || c == '_';
    }

    /** A token made of {@code first} followed by {@code second}, e.g. '::' or '->'. */
    private void lexPair(char second, TokenKind kind, SourcePos pos) {
        char first = cursor.advance();
        if (cursor.peek() == second) {
            cursor.advance();
            emit(kind, "" + first + second, pos);
        } else {
            diagnostics.syntax(
                    pos,
                    "unexpected character " + describeChar(first) + " (did you mean '"
                            + kind.description().replace("'", "") + "'?)");
        }
    }

    private void single(TokenKind kind, SourcePos pos) {
        emit(kind, String.valueOf(cursor.advance()), pos);
    }

    /**
     * Reads a configuration string up to its matching ')'. Quotes, comments and nested
     * parentheses are skipped as units, the way Click's lexer does, so "(a, ")")" is one string.
     * When the text ends first, only the innermost cause is reported: an unterminated quoted
     * string or comment inside, otherwise the unclosed parenthesis.
     */
    private void lexConfig(SourcePos openPos) {
        cursor.advance();
        int start = cursor.index();
        int depth = 1;
        while (!cursor.atEnd()) {
            char c = cursor.peek();
            if (c == '"' || c == '\'') {
                if (!skipQuoted(c)) {
                    emit(TokenKind.CONFIG, cursor.slice(start, cursor.index()), openPos);
                    return;
                }
            } else if (c == '/' && cursor.peek(1) == '/') {
                skipLineComment();
            } else if (c == '/' && cursor.peek(1) == '*') {
                if (!skipBlockComment()) {
                    emit(TokenKind.CONFIG, cursor.slice(start, cursor.index()), openPos);
                    return;
                }
            } else if (c == '(') {
                depth++;
                cursor.advance();
            } else if (c == ')' && --depth == 0) {
                String text = cursor.slice(start, cursor.index());
                cursor.advance();
                emit(TokenKind.CONFIG, text, openPos);
                return;
            } else {
                cursor.advance();
            }
        }
        diagnostics.syntax(openPos, "unclosed '(': the configuration string has no matching ')'");
        emit(TokenKind.CONFIG, cursor.slice(start, cursor.index()), openPos);
    }

    /** Skips a quoted string; reports and returns false when the text ends inside it. */
    private boolean skipQuoted(char quote) {
        SourcePos start = cursor.pos();
        cursor.advance();
        while (!cursor.atEnd()) {
            char c = cursor.advance();
            if (c == quote) {
                return true;
            }
            // Only double quotes have escapes in Click; single quotes are literal.
            if (c == '\\' && quote == '"' && !cursor.atEnd()) {
                cursor.advance();
            }
        }
        diagnostics.syntax(
                start, "unterminated string: the " + (quote == '"' ? "double" : "single") + " quote is never closed");
        return false;
    }

    /** After a misplaced quote, skip the string on the same line to avoid a cascade of errors. */
    private void skipStrayString(char quote) {
        while (!cursor.atEnd() && cursor.peek() != '\n') {
            if (cursor.advance() == quote) {
                return;
            }
        }
    }

    private void emit(TokenKind kind, String text, SourcePos pos) {
        tokens.add(new Token(kind, text, pos, lineStart));
        lineStart = false;
    }

    private static String describeChar(char c) {
        if (c < 32 || c == 127) {
            return String.format("U+%04X", (int) c);
        }
        return "'" + c + "'";
    }
}
