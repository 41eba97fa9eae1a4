package org.flowstream.openflow.rules.openflow;

import static org.projectfloodlight.openflow.protocol.match.MatchField.*;

import java.util.EnumMap;
import java.util.Map;
import org.flowstream.contracts.match.InvalidMatchException;
import org.flowstream.contracts.match.Match;
import org.flowstream.contracts.match.Match.Value;
import org.flowstream.contracts.match.MatchField;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.ICMPv4Code;
import org.projectfloodlight.openflow.types.ICMPv4Type;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpDscp;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.Masked;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.VlanPcp;

/**
 * Turns a contract {@link Match} into OpenFlowJ-Loxi's match for one protocol version, and reads a match a
 * switch reported back into a contract {@code Match}. The only place the match syntax meets Loxi.
 *
 * <p>OpenFlow 1.0 cannot express everything the syntax can: it has no Ethernet address masks, only
 * prefix-shaped IPv4 masks and 16-bit port numbers, and a VLAN priority without a VLAN id does not survive
 * OpenFlowJ-Loxi's reading of a 1.0 match. {@link #build} refuses those in words ({@link UnsupportedMatchException}) rather
 * than letting Loxi fail; the platform's switch speaks OpenFlow 1.3, which expresses every field.
 */
public final class LoxiMatch {

    /** A match this protocol version cannot carry. */
    public static final class UnsupportedMatchException extends IllegalArgumentException {
        UnsupportedMatchException(String message) {
            super(message);
        }
    }

    private LoxiMatch() {}

    /** Loxi's match for {@code match} in {@code factory}'s protocol version. */
    public static org.projectfloodlight.openflow.protocol.match.Match build(Match match, OFFactory factory) {
        boolean of10 = factory.getVersion() == OFVersion.OF_10;
        var b = factory.buildMatch();
        long ipProtocol = match.get(MatchField.NW_PROTO).map(Value::value).orElse(-1L);
        boolean arp = match.get(MatchField.DL_TYPE).map(Value::value).orElse(-1L) == 0x0806;
        for (Map.Entry<MatchField, Value> e : match.fields().entrySet()) {
            Value v = e.getValue();
            switch (e.getKey()) {
                case IN_PORT -> {
                    if (of10 && v.value() > 0xff00 && v.value() != MatchField.LOCAL_PORT) {
                        throw unsupported(match, "a port number above 65280");
                    }
                    b.setExact(IN_PORT, port(v.value()));
                }
                case DL_VLAN -> b.setExact(VLAN_VID, vlan(v.value(), of10));
                case DL_VLAN_PCP -> {
                    if (of10 && !match.has(MatchField.DL_VLAN)) {
                        // Open vSwitch installs it, but OpenFlowJ-Loxi reads the switch's 1.0 match back without the
                        // priority, so reconciliation would see another rule (found by MatchOnOvsPropertyTest).
                        throw unsupported(match, "dl_vlan_pcp without dl_vlan");
                    }
                    if (!of10 && !match.has(MatchField.DL_VLAN)) {
                        // OpenFlow 1.3 matches a priority only on tagged frames: say "any VLAN id" explicitly.
                        b.setMasked(VLAN_VID, OFVlanVidMatch.PRESENT, OFVlanVidMatch.PRESENT);
                    }
                    b.setExact(VLAN_PCP, VlanPcp.of((byte) v.value()));
                }
                case DL_SRC -> mac(b, ETH_SRC, v, e.getKey(), of10, match);
                case DL_DST -> mac(b, ETH_DST, v, e.getKey(), of10, match);
                case DL_TYPE -> b.setExact(ETH_TYPE, EthType.of((int) v.value()));
                case NW_SRC -> ipv4(b, arp ? ARP_SPA : IPV4_SRC, v, e.getKey(), of10, match);
                case NW_DST -> ipv4(b, arp ? ARP_TPA : IPV4_DST, v, e.getKey(), of10, match);
                case NW_PROTO -> {
                    if (arp) {
                        b.setExact(ARP_OP, ArpOpcode.of((int) v.value()));
                    } else {
                        b.setExact(IP_PROTO, IpProtocol.of((short) v.value()));
                    }
                }
                case NW_TOS -> b.setExact(IP_DSCP, dscp(v.value(), of10, match));
                case TP_SRC -> b.setExact(ipProtocol == 6 ? TCP_SRC : UDP_SRC, TransportPort.of((int) v.value()));
                case TP_DST -> b.setExact(ipProtocol == 6 ? TCP_DST : UDP_DST, TransportPort.of((int) v.value()));
                case ICMP_TYPE -> b.setExact(ICMPV4_TYPE, ICMPv4Type.of((short) v.value()));
                case ICMP_CODE -> b.setExact(ICMPV4_CODE, ICMPv4Code.of((short) v.value()));
            }
        }
        return b.build();
    }

    /**
     * OpenFlow 1.3 matches the DSCP (the type-of-service without its two ECN bits). OpenFlowJ-Loxi writes an
     * OpenFlow 1.0 match's DSCP unshifted into nw_tos, so there the value is the ToS itself, and its DSCP type
     * stops at 63.
     */
    private static IpDscp dscp(long tos, boolean of10, Match match) {
        if (!of10) {
            return IpDscp.of((byte) (tos >> 2));
        }
        if (tos > 63) {
            throw unsupported(match, "nw_tos above 63 (a limit of the OpenFlow library's 1.0 encoding)");
        }
        return IpDscp.of((byte) tos);
    }

    private static OFPort port(long number) {
        return number == MatchField.LOCAL_PORT ? OFPort.LOCAL : OFPort.of((int) number);
    }

    private static OFVlanVidMatch vlan(long vid, boolean of10) {
        if (vid == MatchField.UNTAGGED) {
            return of10 ? OFVlanVidMatch.ofVlanOF10((short) 0xffff) : OFVlanVidMatch.UNTAGGED;
        }
        return of10 ? OFVlanVidMatch.ofVlanOF10((short) vid) : OFVlanVidMatch.ofVlan((int) vid);
    }

    private static void mac(
            org.projectfloodlight.openflow.protocol.match.Match.Builder b,
            org.projectfloodlight.openflow.protocol.match.MatchField<MacAddress> f,
            Value v,
            MatchField field,
            boolean of10,
            Match match) {
        if (v.isExact(field)) {
            b.setExact(f, MacAddress.of(v.value()));
        } else if (of10) {
            throw unsupported(match, field + " with a mask");
        } else {
            b.setMasked(f, MacAddress.of(v.value()), MacAddress.of(v.mask()));
        }
    }

    private static void ipv4(
            org.projectfloodlight.openflow.protocol.match.Match.Builder b,
            org.projectfloodlight.openflow.protocol.match.MatchField<IPv4Address> f,
            Value v,
            MatchField field,
            boolean of10,
            Match match) {
        if (v.isExact(field)) {
            b.setExact(f, IPv4Address.of((int) v.value()));
        } else if (of10 && Ipv4Prefix.lengthOf((int) v.mask()) < 0) {
            throw unsupported(match, field + " with a netmask that is not a prefix");
        } else {
            b.setMasked(f, IPv4Address.of((int) v.value()), IPv4Address.of((int) v.mask()));
        }
    }

    private static UnsupportedMatchException unsupported(Match match, String what) {
        return new UnsupportedMatchException("match \"" + match + "\": OpenFlow 1.0 cannot match " + what
                + "; the switch must speak OpenFlow 1.3 for this match");
    }

    /**
     * The contract match of a match a switch reported, or null when it uses a field the contract does not
     * model (someone else's rule, which reconciliation then leaves to its owner's cookie).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Match read(org.projectfloodlight.openflow.protocol.match.Match loxi) {
        Map<MatchField, Value> fields = new EnumMap<>(MatchField.class);
        for (org.projectfloodlight.openflow.protocol.match.MatchField f : loxi.getMatchFields()) {
            Object value;
            Object mask = null;
            if (loxi.isExact(f)) {
                value = loxi.get(f);
            } else if (loxi.isPartiallyMasked(f)) {
                Masked<?> masked = loxi.getMasked(f);
                value = masked.getValue();
                mask = masked.getMask();
            } else {
                // An OpenFlow 1.0 match lists every field it supports; a wildcarded one constrains nothing.
                continue;
            }
            if (!readField(f, value, mask, fields, loxi.getVersion() == OFVersion.OF_10)) {
                return null;
            }
        }
        try {
            return Match.of(fields);
        } catch (InvalidMatchException e) {
            return null;
        }
    }

    /** Adds one reported field; false when the contract has no such field. */
    private static boolean readField(
            org.projectfloodlight.openflow.protocol.match.MatchField<?> f,
            Object value,
            Object mask,
            Map<MatchField, Value> fields,
            boolean of10) {
        MatchField field = switch (f.id) {
            case IN_PORT -> MatchField.IN_PORT;
            case ETH_SRC -> MatchField.DL_SRC;
            case ETH_DST -> MatchField.DL_DST;
            case ETH_TYPE -> MatchField.DL_TYPE;
            case VLAN_VID -> MatchField.DL_VLAN;
            case VLAN_PCP -> MatchField.DL_VLAN_PCP;
            case IPV4_SRC, ARP_SPA -> MatchField.NW_SRC;
            case IPV4_DST, ARP_TPA -> MatchField.NW_DST;
            case IP_PROTO, ARP_OP -> MatchField.NW_PROTO;
            case IP_DSCP -> MatchField.NW_TOS;
            case TCP_SRC, UDP_SRC -> MatchField.TP_SRC;
            case TCP_DST, UDP_DST -> MatchField.TP_DST;
            case ICMPV4_TYPE -> MatchField.ICMP_TYPE;
            case ICMPV4_CODE -> MatchField.ICMP_CODE;
            default -> null;
        };
        if (field == null) {
            return false;
        }
        if (field == MatchField.DL_VLAN) {
            return readVlan((OFVlanVidMatch) value, (OFVlanVidMatch) mask, fields);
        }
        long bits = field == MatchField.NW_TOS && of10 ? ((IpDscp) value).getDscpValue() : bits(value);
        fields.put(field, new Value(bits, mask == null ? field.fullMask() : bits(mask)));
        return true;
    }

    /** A VLAN id, "untagged", or (masked to the present bit) "any tagged frame", which the syntax leaves implicit. */
    private static boolean readVlan(OFVlanVidMatch value, OFVlanVidMatch mask, Map<MatchField, Value> fields) {
        if (mask != null && mask.equals(OFVlanVidMatch.PRESENT) && value.equals(OFVlanVidMatch.PRESENT)) {
            return true;
        }
        boolean untagged = value.equals(OFVlanVidMatch.UNTAGGED) || value.getRawVid() == (short) 0xffff;
        long vid = untagged ? MatchField.UNTAGGED : value.getVlan() & 0xfff;
        fields.put(MatchField.DL_VLAN, new Value(vid, MatchField.DL_VLAN.fullMask()));
        return true;
    }

    private static long bits(Object value) {
        return switch (value) {
            case OFPort p -> p.equals(OFPort.LOCAL) ? MatchField.LOCAL_PORT : p.getPortNumber() & 0xffff_ffffL;
            case MacAddress m -> m.getLong();
            case EthType t -> t.getValue();
            case VlanPcp p -> p.getValue();
            case IPv4Address a -> a.getInt() & 0xffff_ffffL;
            case IpProtocol p -> p.getIpProtocolNumber();
            case ArpOpcode o -> o.getOpcode();
            case IpDscp d -> (long) d.getDscpValue() << 2;
            case TransportPort p -> p.getPort();
            case ICMPv4Type t -> t.getType();
            case ICMPv4Code c -> c.getCode();
            default -> throw new IllegalArgumentException("unexpected match value " + value);
        };
    }
}
