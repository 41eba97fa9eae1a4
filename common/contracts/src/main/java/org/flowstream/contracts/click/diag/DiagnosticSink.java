package org.flowstream.contracts.click.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every problem of one run so that users see all of them at once.
 * Each phase reports into the same sink; nothing is thrown for bad input.
 */
public final class DiagnosticSink {

    private final String fileName;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    /** A compound used twice would otherwise report the same problem in its body twice. */
    private final Set<Diagnostic> seen = new HashSet<>();

    public DiagnosticSink(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    public void syntax(SourcePos pos, String message) {
        add(Diagnostic.syntax(fileName, pos, message));
    }

    public void semantic(SourcePos pos, String message) {
        add(Diagnostic.semantic(fileName, pos, message));
    }

    private void add(Diagnostic diagnostic) {
        if (seen.add(diagnostic)) {
            diagnostics.add(diagnostic);
        }
    }

    public boolean hasErrors() {
        return !diagnostics.isEmpty();
    }

    /** Problems in source order; a stable sort keeps the discovery order for one position. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(diagnostics);
        copy.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
        return List.copyOf(copy);
    }
}
