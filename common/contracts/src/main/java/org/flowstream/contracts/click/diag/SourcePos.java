package org.flowstream.contracts.click.diag;

/** A place in the source text: 1-based line and column. */
public record SourcePos(int line, int column) implements Comparable<SourcePos> {

    public static final SourcePos START = new SourcePos(1, 1);

    @Override
    public int compareTo(SourcePos other) {
        return line != other.line ? Integer.compare(line, other.line) : Integer.compare(column, other.column);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
