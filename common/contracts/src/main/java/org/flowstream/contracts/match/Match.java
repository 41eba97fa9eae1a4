package org.flowstream.contracts.match;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * An OpenFlow match: the fields it constrains, each a value and a mask. Immutable; equal matches have equal
 * canonical text ({@link #toString()}), which is the form {@code ovs-ofctl dump-flows} prints: the protocol
 * shorthand first, then the fields in {@link MatchField} order, separated by commas. The empty match
 * ({@link #ALL}) selects every packet and prints as "".
 */
public final class Match {

    /** One field's bits and mask; a mask of all ones is an exact match. */
    public record Value(long value, long mask) {

        public boolean isExact(MatchField field) {
            return mask == field.fullMask();
        }
    }

    public static final Match ALL = new Match(new EnumMap<>(MatchField.class));

    private final Map<MatchField, Value> fields;
    private final String canonical;

    private Match(EnumMap<MatchField, Value> fields) {
        this.fields = Collections.unmodifiableMap(fields);
        this.canonical = print();
    }

    /**
     * Reads and validates a match in ovs-ofctl syntax ({@code ip,nw_src=10.0.0.0/8,tp_dst=80}); fields are
     * separated by commas, blanks or both. Blank or null text is {@link #ALL}.
     *
     * @throws InvalidMatchException listing every problem in words
     */
    public static Match parse(String text) {
        return MatchParser.parse(text);
    }

    /**
     * A match from fields held as bits (e.g. as a switch reported them), validated like parsed text. A field
     * whose mask is zero constrains nothing and is left out.
     *
     * @throws InvalidMatchException when a value is out of range or a prerequisite is missing
     */
    public static Match of(Map<MatchField, Value> fields) {
        return parse(unchecked(fields).toString());
    }

    /** The fields as read by {@link MatchParser}, which has validated them. */
    static Match unchecked(Map<MatchField, Value> fields) {
        EnumMap<MatchField, Value> kept = new EnumMap<>(MatchField.class);
        fields.forEach((field, v) -> {
            if (v.mask() != 0) {
                kept.put(field, new Value(v.value() & v.mask(), v.mask()));
            }
        });
        return new Match(kept);
    }

    public Map<MatchField, Value> fields() {
        return fields;
    }

    public boolean has(MatchField field) {
        return fields.containsKey(field);
    }

    public Optional<Value> get(MatchField field) {
        return Optional.ofNullable(fields.get(field));
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /**
     * This match with {@code field} set to exactly {@code value} (replacing what it had), validated as a whole:
     * the way the controller narrows a tenant's match to the switch port the traffic enters on.
     *
     * @throws InvalidMatchException when the value is out of range or breaks a prerequisite
     */
    public Match with(MatchField field, long value) {
        String text = FieldSyntax.print(field, new Value(value, field.fullMask()));
        StringJoiner rewritten = new StringJoiner(",");
        rewritten.add(field + "=" + text);
        fields.forEach((f, v) -> {
            if (f != field) {
                rewritten.add(f + "=" + FieldSyntax.print(f, v));
            }
        });
        return parse(rewritten.toString());
    }

    /**
     * Whether some packet could match both: on every field both constrain, the bits both masks cover agree. A
     * field only one of them names is a wildcard for the other, so {@code ip,nw_src=10.0.0.0/8} overlaps
     * {@code tcp,tp_dst=80} and {@code udp} does not overlap {@code tcp}; a prefix overlaps every prefix that
     * contains it or that it contains.
     */
    public boolean overlaps(Match other) {
        for (Map.Entry<MatchField, Value> e : fields.entrySet()) {
            Value b = other.fields.get(e.getKey());
            Value a = e.getValue();
            if (b != null && ((a.value() ^ b.value()) & a.mask() & b.mask()) != 0) {
                return false;
            }
        }
        return true;
    }

    private String print() {
        StringJoiner out = new StringJoiner(",");
        Value ethType = fields.get(MatchField.DL_TYPE);
        Value ipProtocol = fields.get(MatchField.NW_PROTO);
        Protocol protocol = ethType == null
                ? null
                : Protocol.of(ethType.value(), ipProtocol == null ? null : ipProtocol.value())
                        .orElse(null);
        if (protocol != null) {
            out.add(protocol.text());
        }
        for (Map.Entry<MatchField, Value> e : fields.entrySet()) {
            MatchField field = e.getKey();
            boolean shown = field == MatchField.DL_TYPE && protocol != null
                    || field == MatchField.NW_PROTO && protocol != null && protocol.ipProtocol() >= 0;
            if (!shown) {
                out.add(name(field, protocol) + "=" + FieldSyntax.print(field, e.getValue()));
            }
        }
        return out.toString();
    }

    /** ovs-ofctl names the network fields of an ARP match by what they are in ARP. */
    private static String name(MatchField field, Protocol protocol) {
        if (protocol != Protocol.ARP) {
            return field.text();
        }
        return switch (field) {
            case NW_SRC -> "arp_spa";
            case NW_DST -> "arp_tpa";
            case NW_PROTO -> "arp_op";
            default -> field.text();
        };
    }

    @Override
    public String toString() {
        return canonical;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Match m && m.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }
}
