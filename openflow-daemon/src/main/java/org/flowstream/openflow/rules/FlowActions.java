package org.flowstream.openflow.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule actions as short canonical strings: {@code output:N}, {@code output:in_port}, {@code mod_vlan_vid:N}
 * (tags an untagged packet, retags a tagged one) and {@code strip_vlan}; an empty list drops. The OpenFlow
 * form is the driver's ({@code rules.openflow.LoxiActions}).
 */
public final class FlowActions {

    private FlowActions() {}

    /** Checks and normalises action strings ("output:3", "mod_vlan_vid:10", "strip_vlan", "drop"). */
    public static List<String> parse(List<String> actions) {
        List<String> out = new ArrayList<>();
        for (String raw : actions) {
            String a = raw.trim().toLowerCase();
            if (a.equals("drop")) {
                continue;
            }
            if (a.equals("strip_vlan") || a.equals("pop_vlan")) {
                out.add("strip_vlan");
            } else if (a.equals("in_port") || a.equals("output:in_port")) {
                out.add("output:in_port");
            } else if (a.startsWith("output:")) {
                out.add("output:" + number(a.substring(7), 1, 0xFFFFFF00L, raw));
            } else if (a.startsWith("mod_vlan_vid:")) {
                out.add("mod_vlan_vid:" + number(a.substring(13), 1, 4094, raw));
            } else {
                throw new IllegalArgumentException(
                        "unknown action '%s' (known: output:N, output:in_port, mod_vlan_vid:N, strip_vlan, drop)"
                                .formatted(raw));
            }
        }
        return List.copyOf(out);
    }

    private static long number(String text, long min, long max, String raw) {
        try {
            long n = Long.decode(text);
            if (n < min || n > max) {
                throw new IllegalArgumentException(
                        "action '%s': %d is out of range %d to %d".formatted(raw, n, min, max));
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("action '%s': '%s' is not a number".formatted(raw, text));
        }
    }
}
