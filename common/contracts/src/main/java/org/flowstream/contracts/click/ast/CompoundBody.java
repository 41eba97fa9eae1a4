package org.flowstream.contracts.click.ast;

import java.util.List;
import org.flowstream.contracts.click.diag.SourcePos;

/** The inside of {@code { $a, $b | input -> ... -> output }}. */
public record CompoundBody(List<Formal> formals, List<Statement> statements, SourcePos pos) {
    public CompoundBody {
        formals = List.copyOf(formals);
        statements = List.copyOf(statements);
    }
}
