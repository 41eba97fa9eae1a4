package org.flowstream.modulehost.runtime;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The description annotation deployed element sources carried before signatures: still accepted so that
 * stored sources keep compiling when module hosts receive them again, and read as a signature with ports 1/1
 * (or what the class's {@code inputCount()}/{@code outputCount()} say at run time). New elements declare
 * {@link org.flowstream.contracts.element.Signature} instead, whose ports are machine-readable.
 */
@Deprecated
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ElementInfo {

    /** What the element does and what it takes, e.g. "Counter(): counts packets and bytes". */
    String description();

    /** The primitives it exercises, from {@link Primitives}: "Read", "Write", "Drop", "Duplicate", ... */
    String[] primitives();

    /** "none", "element" (e.g. a counter) or "flow" (per-flow tables such as a NAT's). */
    String state() default "none";

    /** Input and output ports, as text ("1", "0", "N"). */
    String inputs() default "1";

    String outputs() default "1";
}
