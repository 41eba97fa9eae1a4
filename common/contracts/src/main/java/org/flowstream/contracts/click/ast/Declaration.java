package org.flowstream.contracts.click.ast;

import java.util.List;

/** {@code a, b :: Class(config)}: declares one element per name. */
public record Declaration(List<Name> names, ClassRef classRef, ConfigText config) implements Statement {
    public Declaration {
        names = List.copyOf(names);
    }
}
