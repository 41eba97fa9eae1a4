package org.flowstream.contracts.click.ast;

import org.flowstream.contracts.click.diag.SourcePos;

/** {@code define($name value, ...)}: global variables for configuration strings. */
public record Define(ConfigText config, SourcePos pos) implements Statement {}
