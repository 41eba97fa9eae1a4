package org.flowstream.contracts.click.ast;

import org.flowstream.contracts.click.diag.SourcePos;

/** {@code require(package ...)}: accepted and kept; the platform has no packages to load. */
public record Require(ConfigText config, SourcePos pos) implements Statement {}
