package org.flowstream.contracts.element;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * What an element remembers between packets, which decides what moving it to another host loses: nothing,
 * element-wide state (a counter, a token bucket) or per-flow state (a NAT's mappings).
 */
public enum StateKind {
    NONE,
    ELEMENT,
    FLOW;

    /**
     * The counters every element with per-flow state reports besides its own: its flow gate's (docs/migration.md),
     * which holds packets of frozen flows and daisy-chains packets during a move. Lists are filter strings, numbers
     * packet counts.
     */
    public static final List<String> FLOW_GATE_COUNTERS = List.of(
            "frozen",
            "daisy_chained",
            "daisy_forwarded",
            "daisy_accepting",
            "daisy_received",
            "daisy_refused",
            "daisy_acknowledgements_sent",
            "daisy_unacknowledged",
            "daisy_acknowledged",
            "daisy_replayed",
            "daisy_copies_dropped",
            "awaiting_state",
            "held",
            "held_total",
            "hold_overflow");

    /** The counters an element of this kind reports whatever its own are. */
    public List<String> impliedCounters() {
        return this == FLOW ? FLOW_GATE_COUNTERS : List.of();
    }

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
