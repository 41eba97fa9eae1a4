package org.flowstream.contracts.match;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads match text into fields, collecting every problem rather than stopping at the first: protocol
 * shorthands set {@code dl_type} and {@code nw_proto}; {@code field=value} parts go through {@link FieldSyntax};
 * ovs-ofctl's ARP and untagged-VLAN spellings ({@code arp_spa}, {@code arp_tpa}, {@code arp_op},
 * {@code vlan_tci=0x0000}) are read as the fields they stand for, so what {@code ovs-ofctl dump-flows} prints
 * reads back.
 */
final class MatchParser {

    /** ovs-ofctl separates fields by commas, blanks, or both. */
    private static final Pattern SEPARATOR = Pattern.compile("[,\\s]+");

    private static final Map<String, MatchField> ARP_SPELLINGS =
            Map.of("arp_spa", MatchField.NW_SRC, "arp_tpa", MatchField.NW_DST, "arp_op", MatchField.NW_PROTO);

    private final Map<MatchField, Match.Value> fields = new EnumMap<>(MatchField.class);
    private final Map<MatchField, String> written = new EnumMap<>(MatchField.class);
    private final List<String> problems = new ArrayList<>();
    private Protocol protocol;

    static Match parse(String text) {
        MatchParser parser = new MatchParser();
        if (text != null) {
            for (String part : SEPARATOR.split(text.strip())) {
                if (!part.isEmpty()) {
                    parser.readPart(part);
                }
            }
        }
        if (parser.problems.isEmpty()) {
            Prerequisites.check(parser.protocol, parser.written, parser.fields, parser.problems);
        }
        if (!parser.problems.isEmpty()) {
            throw new InvalidMatchException(text, parser.problems);
        }
        return Match.unchecked(parser.fields);
    }

    private void readPart(String part) {
        int equals = part.indexOf('=');
        if (equals < 0) {
            readProtocol(part);
            return;
        }
        String name = part.substring(0, equals);
        String value = part.substring(equals + 1);
        if (name.equals("vlan_tci") && (value.equals("0x0000") || value.equals("0x0000/0x1fff"))) {
            name = MatchField.DL_VLAN.text();
            value = "0xffff";
        }
        MatchField field = ARP_SPELLINGS.containsKey(name)
                ? ARP_SPELLINGS.get(name)
                : MatchField.named(name).orElse(null);
        if (field == null) {
            problems.add("unknown field '" + name + "'; a match can use " + String.join(", ", MatchField.names()));
            return;
        }
        if (written.putIfAbsent(field, part) != null) {
            problems.add("field '" + name + "' is given twice (" + written.get(field) + " and " + part + ")");
            return;
        }
        try {
            fields.put(field, FieldSyntax.read(field, value));
        } catch (IllegalArgumentException e) {
            problems.add(part + ": " + e.getMessage());
        }
    }

    private void readProtocol(String name) {
        Protocol named = Protocol.named(name).orElse(null);
        if (named == null) {
            problems.add("unknown protocol '" + name + "'; use one of " + Protocol.names()
                    + " or a field=value such as nw_src=10.0.0.0/8");
            return;
        }
        if (protocol != null && !refines(protocol, named) && !refines(named, protocol)) {
            problems.add("protocol '" + name + "' conflicts with '" + protocol + "' earlier in the match");
            return;
        }
        if (protocol == null || refines(protocol, named)) {
            protocol = named;
        }
    }

    /** Whether {@code specific} narrows {@code general}: tcp narrows ip, and each protocol narrows itself. */
    private static boolean refines(Protocol general, Protocol specific) {
        return general.ethType() == specific.ethType()
                && (general.ipProtocol() < 0 || general.ipProtocol() == specific.ipProtocol());
    }
}
