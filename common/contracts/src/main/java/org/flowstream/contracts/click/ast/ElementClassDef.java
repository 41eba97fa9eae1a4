package org.flowstream.contracts.click.ast;

/**
 * {@code elementclass Name { ... }}, or {@code elementclass Name OtherClass} which makes a synonym.
 */
public record ElementClassDef(Name name, ClassRef definition) implements Statement {}
