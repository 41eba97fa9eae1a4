package org.flowstream.contracts.element;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An element class's signature, declared once on the class (as Click's element headers declare theirs): the
 * runtime checks port counts against it, the language's catalogue, get_pm_info, {@code lang check} and
 * {@code docs/elements.md} are read from it. Reading it needs no instance and runs no code of the class, so the
 * module host reads deployed elements' signatures without running them. {@link ElementSignature#declaredBy}
 * turns it into the record that crosses daemons.
 *
 * <pre>
 * &#64;Signature(
 *         ports = "1/1",
 *         description = "passes packets on unchanged, counting them",
 *         primitives = {"Read", "Count"},
 *         state = StateKind.ELEMENT,
 *         counters = {"count", "byte_count"})
 * public final class Counter extends Element { ... }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Signature {

    /** Inputs/outputs in Click's notation: {@code 1/1}, {@code 1/-}, {@code 1/1-2}, {@code 0/1}, {@code 2/2}. */
    String ports() default "1/1";

    /** What the element does, in a sentence or two (without its name or its arguments: those are fields). */
    String description();

    /** The flow-processing primitives it uses: "Receive", "Send", "Read", "Write", "Drop", "Duplicate", ... */
    String[] primitives() default {};

    StateKind state() default StateKind.NONE;

    /** Its configuration arguments, in the order a configuration gives them. */
    Keyword[] keywords() default {};

    /** The counters (Click's read handlers) its statistics report, by name. */
    String[] counters() default {};

    /** One configuration argument: the declaration form of {@link org.flowstream.contracts.element.Keyword}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface Keyword {
        String name();

        String type();

        boolean required() default false;

        String defaultValue() default "";

        String meaning();

        /** Written as its value alone, before any {@code KEYWORD value} pair; see {@link
         * org.flowstream.contracts.element.Keyword#positional}. */
        boolean positional() default false;
    }
}
