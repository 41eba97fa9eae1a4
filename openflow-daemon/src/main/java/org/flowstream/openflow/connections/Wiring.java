package org.flowstream.openflow.connections;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowstream.contracts.match.Match;
import org.flowstream.contracts.match.MatchField;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.WireValues;
import org.flowstream.contracts.records.openflow.ConnectionWiring;
import org.flowstream.contracts.records.openflow.WiringHop;
import org.flowstream.contracts.records.openflow.WiringPath;
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
 * A single path may also be written at the top level (match, from_port, to_port, pms beside alloc_id). Either
 * form is read with the contract record {@link ConnectionWiring}, which the resource daemon sends.
 */
public record Wiring(long allocId, int priority, boolean vlan, List<Path> paths) {

    public static final int DEFAULT_PRIORITY = 1000;

    /** A PM on the path: the switch port it receives on and the one it sends back on (often the same). */
    public record Pm(String name, int inPort, int outPort) {}

    public record Path(Match match, int fromPort, int toPort, List<Pm> pms) {}

    private static final List<String> PATH_FIELDS = List.of("match", "from_port", "to_port", "pms");
    private static final long MAX_PORT = 0xFFFFFF00L;

    /**
     * Reads the wiring from a JSON string or an XML-RPC struct with the contract record {@link ConnectionWiring}
     * (strict: a missing or unknown field is refused by name), then checks what the record cannot say: ranges,
     * the match syntax and the fields a match may not name.
     */
    public static Wiring parse(Object alloc) {
        Map<String, Object> struct = longForm(asStruct(alloc));
        return of(Structs.fromStruct(struct, ConnectionWiring.class));
    }

    /** The checked wiring of a record (the resource daemon's, or one read from the wire). */
    public static Wiring of(ConnectionWiring wire) {
        String where = "alloc";
        long allocId = range(wire.allocId(), "alloc_id", where, 0, 0xFFFF_FFFF_FFFFL);
        // Below the platform's rules: an allocation's wiring must not carry what they drop (daisy-chain frames).
        int priority = (int) range(
                wire.priority() == null ? DEFAULT_PRIORITY : wire.priority(),
                "priority",
                where,
                1,
                PlatformRules.DAISY_DROP_PRIORITY - 1);
        if (wire.paths().isEmpty()) {
            throw new IllegalArgumentException("alloc: 'paths' must be a non-empty list");
        }
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < wire.paths().size(); i++) {
            paths.add(path(wire.paths().get(i), "paths[" + i + "]"));
        }
        return new Wiring(allocId, priority, wire.vlan() == null || wire.vlan(), List.copyOf(paths));
    }

    /** This wiring as the contract record, every default written out (what the daemon saves and answers). */
    public ConnectionWiring toWire() {
        return new ConnectionWiring(
                allocId,
                priority,
                vlan,
                paths.stream()
                        .map(p -> new WiringPath(
                                p.match().toString(),
                                p.fromPort(),
                                p.toPort(),
                                p.pms().stream()
                                        .map(pm ->
                                                new WiringHop(pm.name(), null, (long) pm.inPort(), (long) pm.outPort()))
                                        .toList()))
                        .toList());
    }

    /** Only the allocation id, for delete_connections: a full wiring, {"alloc_id": 7} or just 7 (or "7"). */
    public static long allocId(Object alloc) {
        Object id = alloc;
        if (!(alloc instanceof Integer)
                && !(alloc instanceof String s && s.trim().matches("\\d{1,15}"))) {
            Map<String, Object> struct = asStruct(alloc);
            if (!struct.keySet().equals(Set.of("alloc_id"))) {
                return parse(struct).allocId(); // a whole wiring, read as create_connections reads it
            }
            id = struct.get("alloc_id");
        }
        long n = switch (id) {
            case Integer i -> i;
            case Long l -> l; // from JSON text, past 2^31
            case String s when s.trim().matches("\\d{1,15}") -> Long.parseLong(s.trim());
            default ->
                throw new IllegalArgumentException(
                        "alloc: 'alloc_id' must be an integer, got %s".formatted(WireValues.describe(id)));
        };
        return range(n, "alloc_id", "alloc", 0, 0xFFFF_FFFF_FFFFL);
    }

    private static Map<String, Object> asStruct(Object alloc) {
        Object tree;
        try {
            tree = alloc instanceof String s ? RuleStore.json().readValue(s, Object.class) : alloc;
        } catch (Exception e) {
            throw new IllegalArgumentException("alloc is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(
                    "alloc must be a JSON object such as {\"alloc_id\": 7, \"paths\": [...]}");
        }
        Map<String, Object> struct = new LinkedHashMap<>();
        map.forEach((k, v) -> struct.put(String.valueOf(k), v));
        return struct;
    }

    /** The short form (one path's fields beside alloc_id) as the long form the record reads. */
    private static Map<String, Object> longForm(Map<String, Object> top) {
        boolean shortForm = PATH_FIELDS.stream().anyMatch(top::containsKey);
        if (!shortForm) {
            return top;
        }
        if (top.containsKey("paths")) {
            throw new IllegalArgumentException(
                    "alloc: give either 'paths' or one path's fields at the top level, not both");
        }
        Map<String, Object> path = new LinkedHashMap<>();
        Map<String, Object> rest = new LinkedHashMap<>();
        top.forEach((k, v) -> (PATH_FIELDS.contains(k) ? path : rest).put(k, v));
        rest.put("paths", List.of(path));
        return rest;
    }

    private static Path path(WiringPath p, String where) {
        Match match;
        try {
            match = Match.parse(p.match());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        if (match.has(MatchField.IN_PORT) || match.has(MatchField.DL_VLAN) || match.has(MatchField.DL_VLAN_PCP)) {
            throw new IllegalArgumentException(
                    where
                            + ": the match must not name in_port, dl_vlan or dl_vlan_pcp; the port is 'from_port' and VLAN tags are the daemon's");
        }
        int from = (int) range(p.fromPort(), "from_port", where, 1, MAX_PORT);
        int to = (int) range(p.toPort(), "to_port", where, 1, MAX_PORT);
        List<Pm> pms = new ArrayList<>();
        List<WiringHop> hops = p.pms() == null ? List.of() : p.pms();
        for (int i = 0; i < hops.size(); i++) {
            String at = where + ".pms[" + i + "]";
            WiringHop hop = hops.get(i);
            Long port = hop.port() == null ? null : range(hop.port(), "port", at, 1, MAX_PORT);
            Long in = hop.inPort() != null ? range(hop.inPort(), "in_port", at, 1, MAX_PORT) : port;
            if (in == null) {
                throw new IllegalArgumentException(at + ": 'port' or 'in_port' is required");
            }
            long out = hop.outPort() != null
                    ? range(hop.outPort(), "out_port", at, 1, MAX_PORT)
                    : port != null ? port : in;
            pms.add(new Pm(hop.name() == null ? "pm" + i : hop.name(), in.intValue(), (int) out));
        }
        return new Path(match, from, to, List.copyOf(pms));
    }

    private static long range(long n, String field, String where, long min, long max) {
        if (n < min || n > max) {
            throw new IllegalArgumentException("%s: '%s' is %d, outside %d to %d".formatted(where, field, n, min, max));
        }
        return n;
    }
}
