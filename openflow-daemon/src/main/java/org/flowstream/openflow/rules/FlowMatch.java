package org.flowstream.openflow.rules;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.Masked;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TransportPort;

/**
 * A flow match in ovs-ofctl's syntax ({@code "ip,in_port=1,nw_src=10.0.0.0/8"}), held as field → (value,
 * mask) so that two matches can be compared and checked for overlap, and converted to and from Loxi's
 * {@link Match} for either OpenFlow version.
 *
 * <p>Fields: in_port, dl_src, dl_dst, dl_type, dl_vlan, nw_src, nw_dst (with /prefix or /mask), nw_proto,
 * tp_src, tp_dst; shorthands ip, arp, icmp, tcp, udp. nw_* without a dl_type implies ip; tp_* need tcp or udp.
 */
public final class FlowMatch {

    /** One field's bits and mask; a mask of all ones is an exact match. */
    public record Value(long value, long mask) {}

    private record Field(String name, int bits) {
        long full() {
            return bits == 64 ? -1L : (1L << bits) - 1;
        }
    }

    private static final Map<String, Field> FIELDS = new LinkedHashMap<>();

    static {
        for (Field f : List.of(
                new Field("in_port", 32),
                new Field("dl_src", 48),
                new Field("dl_dst", 48),
                new Field("dl_type", 16),
                new Field("dl_vlan", 12),
                new Field("nw_src", 32),
                new Field("nw_dst", 32),
                new Field("nw_proto", 8),
                new Field("tp_src", 16),
                new Field("tp_dst", 16))) {
            FIELDS.put(f.name(), f);
        }
    }

    public static final FlowMatch ALL = new FlowMatch(new TreeMap<>());

    private final SortedMap<String, Value> fields;
    private final String canonical;

    private FlowMatch(SortedMap<String, Value> fields) {
        this.fields = fields;
        this.canonical = render();
    }

    /** Parses ovs-ofctl match syntax; an error names the offending part and what is accepted. */
    public static FlowMatch parse(String text) {
        SortedMap<String, Value> fields = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return ALL;
        }
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            switch (p) {
                case "ip" -> put(fields, "dl_type", 0x0800);
                case "arp" -> put(fields, "dl_type", 0x0806);
                case "icmp" -> {
                    put(fields, "dl_type", 0x0800);
                    put(fields, "nw_proto", 1);
                }
                case "tcp" -> {
                    put(fields, "dl_type", 0x0800);
                    put(fields, "nw_proto", 6);
                }
                case "udp" -> {
                    put(fields, "dl_type", 0x0800);
                    put(fields, "nw_proto", 17);
                }
                default -> {
                    int eq = p.indexOf('=');
                    if (eq < 0) {
                        throw new IllegalArgumentException(
                                "match '%s': '%s' is not a field=value pair nor one of ip, arp, icmp, tcp, udp"
                                        .formatted(text, p));
                    }
                    String name = p.substring(0, eq).trim();
                    String value = p.substring(eq + 1).trim();
                    Field field = FIELDS.get(name);
                    if (field == null) {
                        throw new IllegalArgumentException("match '%s': unknown field '%s' (known: %s)"
                                .formatted(text, name, String.join(", ", FIELDS.keySet())));
                    }
                    Value parsed;
                    try {
                        parsed = parseValue(field, value);
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException(
                                "match '%s': bad value '%s' for %s: %s".formatted(text, value, name, e.getMessage()));
                    }
                    Value old = fields.get(name);
                    if (old != null && !old.equals(parsed)) {
                        throw new IllegalArgumentException(
                                "match '%s': %s is given twice with different values".formatted(text, name));
                    }
                    fields.put(name, parsed);
                }
            }
        }
        if ((fields.containsKey("nw_src") || fields.containsKey("nw_dst") || fields.containsKey("nw_proto"))
                && !fields.containsKey("dl_type")) {
            put(fields, "dl_type", 0x0800);
        }
        if ((fields.containsKey("nw_src") || fields.containsKey("nw_dst") || fields.containsKey("nw_proto"))
                && fields.get("dl_type").value() != 0x0800) {
            throw new IllegalArgumentException(
                    "match '%s': nw_src, nw_dst and nw_proto need ip (dl_type=0x0800)".formatted(text));
        }
        if (fields.containsKey("tp_src") || fields.containsKey("tp_dst")) {
            Value proto = fields.get("nw_proto");
            if (proto == null || (proto.value() != 6 && proto.value() != 17)) {
                throw new IllegalArgumentException("match '%s': tp_src and tp_dst need tcp or udp".formatted(text));
            }
        }
        return new FlowMatch(fields);
    }

    private static void put(SortedMap<String, Value> fields, String name, long value) {
        Value v = new Value(value, FIELDS.get(name).full());
        Value old = fields.get(name);
        if (old != null && !old.equals(v)) {
            throw new IllegalArgumentException("%s is given twice with different values".formatted(name));
        }
        fields.put(name, v);
    }

    private static Value parseValue(Field field, String text) {
        long full = field.full();
        switch (field.name()) {
            case "nw_src", "nw_dst" -> {
                int slash = text.indexOf('/');
                long addr = IPv4Address.of(slash < 0 ? text : text.substring(0, slash))
                                .getInt()
                        & 0xFFFFFFFFL;
                long mask = full;
                if (slash >= 0) {
                    String m = text.substring(slash + 1);
                    if (m.contains(".")) {
                        mask = IPv4Address.of(m).getInt() & 0xFFFFFFFFL;
                    } else {
                        int len = Integer.parseInt(m);
                        if (len < 0 || len > 32) {
                            throw new IllegalArgumentException("a prefix length is 0 to 32");
                        }
                        mask = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
                    }
                }
                return new Value(addr & mask, mask);
            }
            case "dl_src", "dl_dst" -> {
                int slash = text.indexOf('/');
                long mac = MacAddress.of(slash < 0 ? text : text.substring(0, slash))
                        .getLong();
                long mask = slash < 0
                        ? full
                        : MacAddress.of(text.substring(slash + 1)).getLong();
                return new Value(mac & mask, mask);
            }
            default -> {
                long v = Long.decode(text);
                if (v < 0 || v > full) {
                    throw new IllegalArgumentException("out of range 0 to " + full);
                }
                return new Value(v, full);
            }
        }
    }

    public Map<String, Value> fields() {
        return fields;
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    public FlowMatch with(String field, long value) {
        SortedMap<String, Value> copy = new TreeMap<>(fields);
        copy.put(field, new Value(value, FIELDS.get(field).full()));
        return new FlowMatch(copy);
    }

    /**
     * Whether some packet could match both: on every field both constrain, the bits both masks cover agree.
     * A prefix overlaps every prefix that contains it or that it contains.
     */
    public boolean overlaps(FlowMatch other) {
        for (Map.Entry<String, Value> e : fields.entrySet()) {
            Value b = other.fields.get(e.getKey());
            if (b != null) {
                Value a = e.getValue();
                if (((a.value() ^ b.value()) & a.mask() & b.mask()) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---- Loxi ----

    public Match toLoxi(OFFactory factory) {
        Match.Builder b = factory.buildMatch();
        boolean tcp = fields.containsKey("nw_proto") && fields.get("nw_proto").value() == 6;
        for (Map.Entry<String, Value> e : fields.entrySet()) {
            Value v = e.getValue();
            boolean exact = v.mask() == FIELDS.get(e.getKey()).full();
            switch (e.getKey()) {
                case "in_port" -> b.setExact(MatchField.IN_PORT, OFPort.of((int) v.value()));
                case "dl_src" -> setMac(b, MatchField.ETH_SRC, v, exact);
                case "dl_dst" -> setMac(b, MatchField.ETH_DST, v, exact);
                case "dl_type" -> b.setExact(MatchField.ETH_TYPE, EthType.of((int) v.value()));
                case "dl_vlan" ->
                    b.setExact(
                            MatchField.VLAN_VID,
                            factory.getVersion() == OFVersion.OF_10
                                    ? OFVlanVidMatch.ofVlanOF10((short) v.value())
                                    : OFVlanVidMatch.ofVlan((int) v.value()));
                case "nw_src" -> setIp(b, MatchField.IPV4_SRC, v, exact);
                case "nw_dst" -> setIp(b, MatchField.IPV4_DST, v, exact);
                case "nw_proto" -> b.setExact(MatchField.IP_PROTO, IpProtocol.of((short) v.value()));
                case "tp_src" ->
                    b.setExact(tcp ? MatchField.TCP_SRC : MatchField.UDP_SRC, TransportPort.of((int) v.value()));
                case "tp_dst" ->
                    b.setExact(tcp ? MatchField.TCP_DST : MatchField.UDP_DST, TransportPort.of((int) v.value()));
                default -> throw new IllegalStateException("unhandled field " + e.getKey());
            }
        }
        return b.build();
    }

    private static void setMac(Match.Builder b, MatchField<MacAddress> f, Value v, boolean exact) {
        if (exact) {
            b.setExact(f, MacAddress.of(v.value()));
        } else {
            b.setMasked(f, MacAddress.of(v.value()), MacAddress.of(v.mask()));
        }
    }

    private static void setIp(Match.Builder b, MatchField<IPv4Address> f, Value v, boolean exact) {
        if (exact) {
            b.setExact(f, IPv4Address.of((int) v.value()));
        } else if (v.mask() != 0) {
            b.setMasked(f, IPv4Address.of((int) v.value()), IPv4Address.of((int) v.mask()));
        }
    }

    /** Reads a match the switch reported; fields we do not model make the match unknown (null). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static FlowMatch fromLoxi(Match match) {
        SortedMap<String, Value> fields = new TreeMap<>();
        for (Iterator<MatchField<?>> it = match.getMatchFields().iterator(); it.hasNext(); ) {
            MatchField f = it.next();
            Object value;
            Object mask = null;
            if (match.isExact(f)) {
                value = match.get(f);
            } else {
                Masked<?> masked = match.getMasked(f);
                value = masked.getValue();
                mask = masked.getMask();
            }
            String name = switch (f.id) {
                case IN_PORT -> "in_port";
                case ETH_SRC -> "dl_src";
                case ETH_DST -> "dl_dst";
                case ETH_TYPE -> "dl_type";
                case VLAN_VID -> "dl_vlan";
                case IPV4_SRC -> "nw_src";
                case IPV4_DST -> "nw_dst";
                case IP_PROTO -> "nw_proto";
                case TCP_SRC, UDP_SRC -> "tp_src";
                case TCP_DST, UDP_DST -> "tp_dst";
                default -> null;
            };
            if (name == null) {
                return null;
            }
            Field field = FIELDS.get(name);
            long v = bits(value);
            long m = mask == null ? field.full() : bits(mask);
            if (name.equals("dl_vlan")) {
                v &= 0xFFF;
                m = field.full();
            }
            if (m != 0) {
                fields.put(name, new Value(v & m, m));
            }
        }
        return new FlowMatch(fields);
    }

    private static long bits(Object value) {
        return switch (value) {
            case OFPort p -> p.getPortNumber() & 0xFFFFFFFFL;
            case MacAddress m -> m.getLong();
            case EthType t -> t.getValue();
            case OFVlanVidMatch v -> v.getVlan() & 0xFFF;
            case IPv4Address a -> a.getInt() & 0xFFFFFFFFL;
            case IpProtocol p -> p.getIpProtocolNumber();
            case TransportPort p -> p.getPort();
            default -> throw new IllegalArgumentException("unexpected match value " + value);
        };
    }

    // ---- text ----

    private String render() {
        StringBuilder sb = new StringBuilder();
        Value type = fields.get("dl_type");
        Value proto = fields.get("nw_proto");
        boolean shortProto = false;
        if (type != null) {
            if (type.value() == 0x0800
                    && proto != null
                    && (proto.value() == 1 || proto.value() == 6 || proto.value() == 17)) {
                sb.append(proto.value() == 1 ? "icmp" : proto.value() == 6 ? "tcp" : "udp");
                shortProto = true;
            } else if (type.value() == 0x0800) {
                sb.append("ip");
            } else if (type.value() == 0x0806) {
                sb.append("arp");
            } else {
                sb.append("dl_type=0x").append(String.format("%04x", type.value()));
            }
        }
        for (Map.Entry<String, Value> e : fields.entrySet()) {
            String name = e.getKey();
            if (name.equals("dl_type") || (name.equals("nw_proto") && shortProto)) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(name).append('=').append(format(name, e.getValue()));
        }
        return sb.toString();
    }

    private static String format(String name, Value v) {
        Field field = FIELDS.get(name);
        boolean exact = v.mask() == field.full();
        return switch (name) {
            case "nw_src", "nw_dst" -> {
                String addr = IPv4Address.of((int) v.value()).toString();
                if (exact) {
                    yield addr;
                }
                int len = Long.bitCount(v.mask());
                boolean prefix = v.mask() == ((0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL);
                yield addr + "/"
                        + (prefix
                                ? String.valueOf(len)
                                : IPv4Address.of((int) v.mask()).toString());
            }
            case "dl_src", "dl_dst" -> MacAddress.of(v.value()) + (exact ? "" : "/" + MacAddress.of(v.mask()));
            default -> String.valueOf(v.value());
        };
    }

    @Override
    public String toString() {
        return canonical;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowMatch m && m.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fields);
    }
}
