package org.flowstream.lang.parser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.contracts.click.diag.SourcePos;
import org.flowstream.lang.ast.HeaderLine;

/**
 * Reads the {@code KEY=value} lines that open an allocation request (§2.1.4). They are not Click
 * syntax, so they are taken off line by line before the Click lexer sees the rest. Blank lines,
 * {@code //} comments and whole-line {@code /* *}{@code /} comments may sit between them; the first
 * other line starts the Click body.
 */
public final class HeaderScanner {

    /** '=>' is excluded so that a Click line such as "a => b" is never taken for a header. */
    private static final Pattern HEADER = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*=(?!>)(.*)");

    /** The header lines, and where the Click body begins (always at the start of a line). */
    public record Result(List<HeaderLine> lines, int bodyIndex, int bodyLine) {}

    private final String text;
    private final DiagnosticSink diagnostics;
    private final List<HeaderLine> lines = new ArrayList<>();
    private final Map<String, SourcePos> firstSeen = new HashMap<>();
    private int index;
    private int lineNumber = 1;

    private HeaderScanner(String text, DiagnosticSink diagnostics) {
        this.text = text;
        this.diagnostics = diagnostics;
    }

    public static Result scan(String text, DiagnosticSink diagnostics) {
        HeaderScanner scanner = new HeaderScanner(text, diagnostics);
        scanner.scanLines();
        return new Result(List.copyOf(scanner.lines), scanner.index, scanner.lineNumber);
    }

    private void scanLines() {
        while (index < text.length()) {
            String line = currentLine();
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("//")) {
                nextLine();
            } else if (trimmed.startsWith("/*")) {
                if (!skipWholeLineBlockComment()) {
                    return;
                }
            } else if (!takeHeaderLine(line)) {
                return;
            }
        }
    }

    /** The current line without its terminator (a CRLF file's '\r' included). */
    private String currentLine() {
        int end = text.indexOf('\n', index);
        String line = text.substring(index, end < 0 ? text.length() : end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private void nextLine() {
        int end = text.indexOf('\n', index);
        index = end < 0 ? text.length() : end + 1;
        lineNumber++;
    }

    /**
     * Skips a block comment when nothing else shares its first and last lines; otherwise leaves it
     * (and everything after) to the Click lexer, which also reports an unclosed one.
     */
    private boolean skipWholeLineBlockComment() {
        int open = text.indexOf("/*", index);
        int close = text.indexOf("*/", open + 2);
        if (close < 0) {
            return false;
        }
        int closeLineEnd = text.indexOf('\n', close);
        String afterClose = text.substring(close + 2, closeLineEnd < 0 ? text.length() : closeLineEnd);
        if (!afterClose.isBlank()) {
            return false;
        }
        while (index <= close && index < text.length()) {
            nextLine();
        }
        return true;
    }

    private boolean takeHeaderLine(String line) {
        Matcher m = HEADER.matcher(line);
        if (!m.matches()) {
            return false;
        }
        SourcePos pos = new SourcePos(lineNumber, m.start(1) + 1);
        String key = m.group(1);
        SourcePos previous = firstSeen.putIfAbsent(key, pos);
        if (previous != null) {
            diagnostics.syntax(pos, "duplicate header key '" + key + "' (first set at line " + previous.line() + ")");
        } else {
            lines.add(new HeaderLine(key, m.group(2).strip(), pos));
        }
        nextLine();
        return true;
    }
}
