package org.flowstream.contracts.click.diag;

/**
 * One problem found in an allocation request, reported as {@code file:line:column: error: message}.
 * Lines and columns start at 1; a tab counts as one column.
 */
public record Diagnostic(String file, int line, int column, Kind kind, String message) {

    /** Whether the text is not Click syntax at all, or is Click but not a valid network service. */
    public enum Kind {
        SYNTAX,
        SEMANTIC
    }

    /** One line each: line breaks a message quotes from the request are shown escaped. */
    public Diagnostic {
        message = message.replace("\r", "\\r").replace("\n", "\\n");
    }

    public static Diagnostic syntax(String file, SourcePos pos, String message) {
        return new Diagnostic(file, pos.line(), pos.column(), Kind.SYNTAX, message);
    }

    public static Diagnostic semantic(String file, SourcePos pos, String message) {
        return new Diagnostic(file, pos.line(), pos.column(), Kind.SEMANTIC, message);
    }

    /** The compiler-style line users see. */
    public String format() {
        return file + ":" + line + ":" + column + ": error: " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
