package org.flowstream.lang.ast;

import org.flowstream.lang.diag.SourcePos;

/** {@code define($name value, ...)}: global variables for configuration strings. */
public record Define(ConfigText config, SourcePos pos) implements Statement {}
