package org.flowstream.contracts.click.ast;

/** One top-level (or compound-level) Click statement. */
public sealed interface Statement permits Declaration, Chain, ElementClassDef, Define, Require {}
