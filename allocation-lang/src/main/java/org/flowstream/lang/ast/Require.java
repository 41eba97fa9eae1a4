package org.flowstream.lang.ast;

import org.flowstream.lang.diag.SourcePos;

/** {@code require(package ...)}: accepted and kept; the platform has no packages to load. */
public record Require(ConfigText config, SourcePos pos) implements Statement {}
