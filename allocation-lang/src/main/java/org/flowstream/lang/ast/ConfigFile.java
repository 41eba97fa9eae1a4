package org.flowstream.lang.ast;

import java.util.List;
import org.flowstream.contracts.click.ast.Statement;

/** A whole parsed allocation request: header lines, then Click statements. */
public record ConfigFile(String fileName, List<HeaderLine> header, List<Statement> statements) {
    public ConfigFile {
        header = List.copyOf(header);
        statements = List.copyOf(statements);
    }
}
