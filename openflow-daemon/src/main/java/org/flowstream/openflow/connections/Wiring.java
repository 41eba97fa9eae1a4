package org.flowstream.openflow.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.flowstream.contracts.match.Match;
import org.flowstream.contracts.match.MatchField;
import org.flowstream.openflow.rules.RuleStore;

/**
 * The wiring of one allocation on one switch, the {@code alloc} parameter of create_connections and
 * delete_connections (a JSON string, or the same as an XML-RPC struct). One or more paths, each taking the
 * traffic that enters at {@code from_port} and matches {@code match} (the FromNet) through the PMs in order
 * and out of {@code to_port} (the ToNet):
 *
 * <pre>{
 *   "alloc_id": 7,
 *   "priority": 1000,                       (optional, default 1000)
 *   "vlan": true,                           (optional, default true: a VLAN tag per hop, see docs)
 *   "paths": [{
 *     "match": "ip,nw_src=10.0.0.0/8",       (ovs-ofctl syntax, without in_port)
 *     "from_port": 1, "to_port": 2,
 *     "pms": [{"name": "fw1", "port": 3}, {"name": "nat1", "in_port": 4, "out_port": 5}]
 *   }]
 * }</pre>
 * A single path may also be written at the top level (match, from_port, to_port, pms beside alloc_id).
 */
public record Wiring(long allocId, int priority, boolean vlan, List<Path> paths) {

    public static final int DEFAULT_PRIORITY = 1000;

    /** A PM on the path: the switch port it receives on and the one it sends back on (often the same). */
    public record Pm(String name, int inPort, int outPort) {}

    public record Path(Match match, int fromPort, int toPort, List<Pm> pms) {}

    private static final Set<String> TOP =
            Set.of("alloc_id", "priority", "vlan", "paths", "match", "from_port", "to_port", "pms");
    private static final Set<String> PATH = Set.of("match", "from_port", "to_port", "pms");
    private static final Set<String> PM = Set.of("name", "port", "in_port", "out_port");

    /** Reads the wiring from a JSON string or an XML-RPC struct; errors say which field is wrong and why. */
    public static Wiring parse(Object alloc) {
        JsonNode root;
        try {
            root = alloc instanceof String s
                    ? RuleStore.json().readTree(s)
                    : RuleStore.json().valueToTree(alloc instanceof Object[] a ? List.of(a) : alloc);
        } catch (Exception e) {
            throw new IllegalArgumentException("alloc is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof ObjectNode top)) {
            throw new IllegalArgumentException(
                    "alloc must be a JSON object such as {\"alloc_id\": 7, \"paths\": [...]}");
        }
        unknown(top, TOP, "alloc");
        long allocId = integer(top, "alloc_id", "alloc", 0, 0xFFFF_FFFF_FFFFL, null);
        int priority = (int) integer(top, "priority", "alloc", 1, 65535, (long) DEFAULT_PRIORITY);
        boolean vlan = !top.has("vlan") || top.get("vlan").asBoolean(true);
        List<Path> paths = new ArrayList<>();
        if (top.has("paths")) {
            if (top.has("match") || top.has("from_port")) {
                throw new IllegalArgumentException(
                        "alloc: give either 'paths' or one path's fields at the top level, not both");
            }
            if (!(top.get("paths") instanceof ArrayNode array) || array.isEmpty()) {
                throw new IllegalArgumentException("alloc: 'paths' must be a non-empty list");
            }
            for (int i = 0; i < array.size(); i++) {
                if (!(array.get(i) instanceof ObjectNode p)) {
                    throw new IllegalArgumentException("alloc: paths[%d] must be an object".formatted(i));
                }
                unknown(p, PATH, "paths[" + i + "]");
                paths.add(path(p, "paths[" + i + "]"));
            }
        } else {
            paths.add(path(top, "alloc"));
        }
        return new Wiring(allocId, priority, vlan, List.copyOf(paths));
    }

    /** Only the allocation id, for delete_connections: a full wiring, {"alloc_id": 7} or just "7". */
    public static long allocId(Object alloc) {
        if (alloc instanceof Integer i) {
            return i;
        }
        if (alloc instanceof String s && s.trim().matches("\\d{1,15}")) {
            return Long.parseLong(s.trim());
        }
        JsonNode root;
        try {
            root = alloc instanceof String s
                    ? RuleStore.json().readTree(s)
                    : RuleStore.json().valueToTree(alloc);
        } catch (Exception e) {
            throw new IllegalArgumentException("alloc is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof ObjectNode top)) {
            throw new IllegalArgumentException("alloc must be an allocation id or a JSON object with alloc_id");
        }
        return integer(top, "alloc_id", "alloc", 0, 0xFFFF_FFFF_FFFFL, null);
    }

    private static Path path(ObjectNode p, String where) {
        if (!p.has("match") || !p.get("match").isTextual()) {
            throw new IllegalArgumentException(
                    where + ": 'match' (ovs-ofctl syntax, e.g. \"ip,nw_src=10.0.0.0/8\") is required");
        }
        Match match;
        try {
            match = Match.parse(p.get("match").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        if (match.has(MatchField.IN_PORT) || match.has(MatchField.DL_VLAN) || match.has(MatchField.DL_VLAN_PCP)) {
            throw new IllegalArgumentException(
                    where
                            + ": the match must not name in_port, dl_vlan or dl_vlan_pcp; the port is 'from_port' and VLAN tags are the daemon's");
        }
        int from = (int) integer(p, "from_port", where, 1, 0xFFFFFF00L, null);
        int to = (int) integer(p, "to_port", where, 1, 0xFFFFFF00L, null);
        List<Pm> pms = new ArrayList<>();
        JsonNode list = p.get("pms");
        if (list != null && !list.isNull()) {
            if (!(list instanceof ArrayNode array)) {
                throw new IllegalArgumentException(where + ": 'pms' must be a list");
            }
            for (int i = 0; i < array.size(); i++) {
                String at = where + ".pms[" + i + "]";
                if (!(array.get(i) instanceof ObjectNode pm)) {
                    throw new IllegalArgumentException(at + " must be an object {\"name\": ..., \"port\": N}");
                }
                unknown(pm, PM, at);
                String name = pm.path("name").asText("pm" + i);
                Long port = pm.has("port") ? integer(pm, "port", at, 1, 0xFFFFFF00L, null) : null;
                long in = integer(pm, "in_port", at, 1, 0xFFFFFF00L, port);
                long out = integer(pm, "out_port", at, 1, 0xFFFFFF00L, port == null ? in : port);
                pms.add(new Pm(name, (int) in, (int) out));
            }
        }
        return new Path(match, from, to, List.copyOf(pms));
    }

    private static long integer(ObjectNode node, String field, String where, long min, long max, Long dflt) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (dflt == null) {
                throw new IllegalArgumentException("%s: '%s' is required".formatted(where, field));
            }
            return dflt;
        }
        long n;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.asLong();
        } else if (v.isTextual() && v.asText().matches("\\d{1,15}")) {
            n = Long.parseLong(v.asText());
        } else {
            throw new IllegalArgumentException("%s: '%s' must be an integer, got %s".formatted(where, field, v));
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("%s: '%s' is %d, outside %d to %d".formatted(where, field, n, min, max));
        }
        return n;
    }

    private static void unknown(ObjectNode node, Set<String> known, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("%s: unknown field '%s' (known: %s)"
                        .formatted(where, name, String.join(", ", new java.util.TreeSet<>(known))));
            }
        }
    }
}
