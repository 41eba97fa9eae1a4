package org.flowstream.modulehost.runtime;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What get_pm_info tells about an element type (§2.1.1): a human description including its parameters, and
 * the flow-processing primitives it uses. Read by reflection from built-in elements only; the daemon never
 * loads deployed element classes (their description comes from their source's Javadoc).
 */
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
