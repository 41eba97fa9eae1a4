package org.flowstream.contracts.match;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every field a {@link Match} can constrain, in the order ovs-ofctl prints them, with the bit width of its
 * value. The names are ovs-ofctl's OpenFlow 1.0 names; {@code dl_type} and {@code nw_proto} are usually
 * written through a {@link Protocol} shorthand such as {@code tcp}.
 */
public enum MatchField {
    IN_PORT("in_port", 32, false),
    DL_VLAN("dl_vlan", 16, false),
    DL_VLAN_PCP("dl_vlan_pcp", 3, false),
    DL_SRC("dl_src", 48, true),
    DL_DST("dl_dst", 48, true),
    DL_TYPE("dl_type", 16, false),
    NW_SRC("nw_src", 32, true),
    NW_DST("nw_dst", 32, true),
    NW_PROTO("nw_proto", 8, false),
    NW_TOS("nw_tos", 8, false),
    TP_SRC("tp_src", 16, false),
    TP_DST("tp_dst", 16, false),
    ICMP_TYPE("icmp_type", 8, false),
    ICMP_CODE("icmp_code", 8, false);

    /** {@code in_port=LOCAL}: the switch's own port, as OpenFlow 1.3 numbers it. */
    public static final long LOCAL_PORT = 0xffff_fffeL;

    /** The highest port number a switch may give a port (OpenFlow 1.3's OFPP_MAX). */
    public static final long MAX_PORT = 0xffff_ff00L;

    /** {@code dl_vlan=0xffff}: frames without a VLAN tag (OpenFlow 1.0's OFP_VLAN_NONE). */
    public static final long UNTAGGED = 0xffff;

    private final String text;
    private final int width;
    private final boolean maskable;

    MatchField(String text, int width, boolean maskable) {
        this.text = text;
        this.width = width;
        this.maskable = maskable;
    }

    /** The name as written in a match, e.g. {@code nw_src}. */
    public String text() {
        return text;
    }

    /** All ones over the field's width: the mask of an exact match. */
    public long fullMask() {
        return (1L << width) - 1;
    }

    /** Whether the field takes {@code value/mask} (addresses only). */
    public boolean maskable() {
        return maskable;
    }

    /** The field written as {@code name}, if it is one. */
    public static Optional<MatchField> named(String name) {
        return Arrays.stream(values()).filter(f -> f.text.equals(name)).findFirst();
    }

    /** Every field name, for messages and documentation. */
    public static List<String> names() {
        return Arrays.stream(values()).map(MatchField::text).toList();
    }

    @Override
    public String toString() {
        return text;
    }
}
