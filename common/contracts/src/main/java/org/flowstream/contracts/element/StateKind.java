package org.flowstream.contracts.element;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What an element remembers between packets, which decides what moving it to another host loses: nothing,
 * element-wide state (a counter, a token bucket) or per-flow state (a NAT's mappings).
 */
public enum StateKind {
    NONE,
    ELEMENT,
    FLOW;

    /** The wire and documentation spelling: "none", "element", "flow". */
    @JsonValue
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static StateKind of(String word) {
        try {
            return valueOf(word.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state '%s' is none of none, element, flow".formatted(word));
        }
    }
}
