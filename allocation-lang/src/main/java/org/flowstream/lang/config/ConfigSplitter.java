package org.flowstream.lang.config;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.lang.diag.SourcePos;

/**
 * Splits a configuration string into arguments the way Click does: at commas that are not inside
 * quotes, parentheses, brackets or braces. Comments are dropped, blanks around each argument
 * trimmed, and a final empty argument after a trailing comma ignored.
 */
public final class ConfigSplitter {

    private final String text;
    private final List<ConfigArg> args = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();
    private int currentStart = -1;
    private SourcePos argPos;
    private int i;
    /** Line and column of {@code text.charAt(i)}. */
    private int line;

    private int column;

    private ConfigSplitter(String text, SourcePos start) {
        this.text = text;
        this.line = start.line();
        this.column = start.column();
    }

    /** @param start the file position of {@code text}'s first character */
    public static List<ConfigArg> split(String text, SourcePos start) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        ConfigSplitter splitter = new ConfigSplitter(text, start);
        splitter.run();
        return List.copyOf(splitter.args);
    }

    private void run() {
        int depth = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                copyQuoted(c);
            } else if (c == '/' && peek(1) == '/') {
                skipUntil("\n", false);
            } else if (c == '/' && peek(1) == '*') {
                skipUntil("*/", true);
                current.append(' ');
            } else if (c == ',' && depth == 0) {
                finishArg();
                advance();
            } else {
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                    depth--;
                }
                copy();
            }
        }
        // A trailing comma leaves nothing behind it: Click ignores that final empty argument.
        if (currentStart >= 0) {
            finishArg();
        }
    }

    private char peek(int ahead) {
        return i + ahead < text.length() ? text.charAt(i + ahead) : 0;
    }

    private void copy() {
        char c = text.charAt(i);
        if (currentStart < 0 && !Character.isWhitespace(c)) {
            currentStart = i;
            markStart();
        }
        current.append(c);
        advance();
    }

    private void markStart() {
        argPos = new SourcePos(line, column);
    }

    private void copyQuoted(char quote) {
        copy();
        while (i < text.length()) {
            char c = text.charAt(i);
            copy();
            if (c == quote) {
                return;
            }
            if (c == '\\' && quote == '"' && i < text.length()) {
                copy();
            }
        }
    }

    private void skipUntil(String end, boolean consumeEnd) {
        int at = text.indexOf(end, i + 2);
        int stop = at < 0 ? text.length() : (consumeEnd ? at + end.length() : at);
        while (i < stop) {
            advance();
        }
    }

    private void advance() {
        if (text.charAt(i) == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        i++;
    }

    private void finishArg() {
        String raw = current.toString().strip();
        SourcePos pos = currentStart >= 0 ? argPos : new SourcePos(line, column);
        args.add(new ConfigArg(raw, pos));
        current.setLength(0);
        currentStart = -1;
    }
}
