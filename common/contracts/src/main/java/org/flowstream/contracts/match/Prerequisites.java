package org.flowstream.contracts.match;

import java.util.List;
import java.util.Map;

/**
 * OpenFlow's field prerequisites: network fields need an IP (or ARP) ethertype, transport ports need TCP or
 * UDP, ICMP fields need ICMP, a VLAN priority needs a tagged frame. A switch would silently ignore a field
 * whose prerequisite is missing (OpenFlow 1.0) or refuse the rule (1.3); we refuse it up front, in words, and
 * also fill {@code dl_type} and {@code nw_proto} from the protocol shorthand.
 */
final class Prerequisites {

    private Prerequisites() {}

    static void check(
            Protocol protocol,
            Map<MatchField, String> written,
            Map<MatchField, Match.Value> fields,
            List<String> problems) {
        if (protocol != null && !agrees(protocol, fields, problems)) {
            return;
        }
        long ethType = fields.containsKey(MatchField.DL_TYPE)
                ? fields.get(MatchField.DL_TYPE).value()
                : -1;
        long ipProtocol = fields.containsKey(MatchField.NW_PROTO)
                ? fields.get(MatchField.NW_PROTO).value()
                : -1;
        boolean ip = ethType == Protocol.ETH_IP;
        boolean arp = ethType == Protocol.ETH_ARP;
        String ipOrArp = "an IP or ARP match (add 'ip' or 'arp' first)";
        require(ip || arp, ipOrArp, written, problems, MatchField.NW_SRC, MatchField.NW_DST, MatchField.NW_PROTO);
        require(ip, "an IP match (add 'ip' first)", written, problems, MatchField.NW_TOS);
        require(
                ip && (ipProtocol == 6 || ipProtocol == 17),
                "a TCP or UDP match (add 'tcp' or 'udp' first)",
                written,
                problems,
                MatchField.TP_SRC,
                MatchField.TP_DST);
        require(
                ip && ipProtocol == 1,
                "an ICMP match (add 'icmp' first)",
                written,
                problems,
                MatchField.ICMP_TYPE,
                MatchField.ICMP_CODE);
        Match.Value vlan = fields.get(MatchField.DL_VLAN);
        require(
                vlan == null || vlan.value() != MatchField.UNTAGGED,
                "a tagged frame, but dl_vlan=0xffff matches frames without a tag",
                written,
                problems,
                MatchField.DL_VLAN_PCP);
    }

    /** The shorthand and any dl_type or nw_proto written beside it must say the same; fills in what it implies. */
    private static boolean agrees(Protocol protocol, Map<MatchField, Match.Value> fields, List<String> problems) {
        if (!put(fields, MatchField.DL_TYPE, protocol.ethType(), protocol, problems)) {
            return false;
        }
        return protocol.ipProtocol() < 0 || put(fields, MatchField.NW_PROTO, protocol.ipProtocol(), protocol, problems);
    }

    private static boolean put(
            Map<MatchField, Match.Value> fields,
            MatchField field,
            long value,
            Protocol protocol,
            List<String> problems) {
        Match.Value old = fields.putIfAbsent(field, new Match.Value(value, field.fullMask()));
        if (old != null && old.value() != value) {
            problems.add(field + "=" + FieldSyntax.print(field, old) + " conflicts with '" + protocol
                    + "', which means " + field + "=" + value);
            return false;
        }
        return true;
    }

    private static void require(
            boolean satisfied,
            String what,
            Map<MatchField, String> written,
            List<String> problems,
            MatchField... dependents) {
        if (satisfied) {
            return;
        }
        for (MatchField field : dependents) {
            if (written.containsKey(field)) {
                problems.add(field + " needs " + what);
            }
        }
    }
}
