package org.flowstream.openflow.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.flowstream.contracts.match.Match;
import org.flowstream.contracts.match.MatchField;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.openflow.WiredConnections;
import org.flowstream.contracts.records.openflow.WiredHop;
import org.flowstream.contracts.records.openflow.WiredPath;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.Rule;
import org.flowstream.openflow.rules.RuleManager;
import org.flowstream.openflow.rules.RuleStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an allocation's wiring into rules (owned by the allocation's cookie) and keeps the VLAN tags it
 * handed out. Per path with PMs p1..pn, hop h carries VLAN tag t_h (§2.2.6, a tag per hop, so PMs sharing
 * one switch port stay apart):
 * <ul>
 *   <li>in_port=from_port + match → mod_vlan_vid:t0, output:p1.in</li>
 *   <li>in_port=p_h.out, dl_vlan=t_h → output:p_(h+1).in (the packet keeps t_h: p_(h+1) receives on it)</li>
 *   <li>in_port=p_n.out, dl_vlan=t_n → strip_vlan, output:to_port</li>
 * </ul>
 * So PM h receives on tag t_(h-1) and sends back on t_h. Without PMs: in_port=from_port + match → output:to_port.
 * With {@code vlan: false} the hops match on in_port alone (dedicated ports). A new allocation's rules may
 * not overlap another allocation's rules in the same table: two allocations never capture each other's traffic.
 */
public final class ConnectionManager {

    /** An installed wiring: where, and the tags each path's hops got (t_0..t_n). */
    public record Installed(String switchName, int table, Wiring wiring, List<List<Integer>> tags) {

        public long cookie() {
            return Cookies.allocation(wiring.allocId());
        }

        /**
         * As create_connections and list_connections answer it: the paths with every hop's tags, and the rules;
         * {@code change} (create_connections only, else null) says whether the switch took them.
         */
        public WiredConnections toWired(List<Rule> rules, RuleManager.ChangeResult change) {
            List<WiredPath> paths = new ArrayList<>();
            for (int i = 0; i < wiring.paths().size(); i++) {
                Wiring.Path p = wiring.paths().get(i);
                List<Integer> t = tags.get(i);
                List<WiredHop> hops = new ArrayList<>();
                for (int h = 0; h < p.pms().size(); h++) {
                    Wiring.Pm pm = p.pms().get(h);
                    hops.add(new WiredHop(
                            pm.name(),
                            pm.inPort(),
                            pm.outPort(),
                            t.isEmpty() ? null : t.get(h),
                            t.isEmpty() ? null : t.get(h + 1)));
                }
                paths.add(new WiredPath(p.match().toString(), p.fromPort(), p.toPort(), hops));
            }
            return new WiredConnections(
                    wiring.allocId(),
                    switchName,
                    table,
                    Cookies.hex(cookie()),
                    paths,
                    rules.stream().map(Rule::toListing).toList(),
                    change == null ? null : change.applied(),
                    change == null ? null : change.message());
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionManager.class);

    private final RuleManager rules;
    private final Path stateFile;
    /** By switch, then allocation id; guarded by {@code this}. */
    private final Map<String, Map<Long, Installed>> installed = new TreeMap<>();
    /** Creates and deletes that arrive while their switch commits go together in its next commit. */
    private final SwitchCommits<ConnectionBatch.Change, ConnectionBatch.Planned> commits;

    public ConnectionManager(RuleManager rules, Path stateFile) {
        this.rules = rules;
        this.stateFile = stateFile;
        this.commits = new SwitchCommits<>(this::commit);
        load();
    }

    /**
     * Installs (or replaces) the allocation's wiring on the switch; refuses overlaps with other allocations. Returns
     * once the change is saved and the switch confirmed it (or, not connected, once it is saved).
     */
    public WiredConnections create(String switchName, int table, Wiring wiring) throws Exception {
        ConnectionBatch.Planned done = commits.submit(switchName, new ConnectionBatch.Create(table, wiring));
        return done.installed().toWired(done.rules(), done.result());
    }

    /** Removes every rule of the allocation in that table of the switch; nothing to remove is not an error. */
    public RuleManager.ChangeResult delete(String switchName, int table, long allocId) throws Exception {
        return commits.submit(switchName, new ConnectionBatch.Delete(table, allocId))
                .result();
    }

    /** How many creates and deletes wait for the switch's next commit. */
    int waitingChanges(String switchName) {
        return commits.waiting(switchName);
    }

    /**
     * One commit of a switch's waiting creates and deletes (group commit, {@link SwitchCommits}): each planned in
     * order (one refused in words is answered alone), then one rule change for all of them (the rules saved once,
     * one batch of flow-mods with one barrier), then the connections saved once, and only then every caller
     * answered. If the rule change fails as a whole (the switch refused a flow-mod, or a rule belongs to another
     * owner), nothing of it stays, and the changes are committed again one by one so that only the culprit fails.
     */
    private void commit(
            String switchName, List<SwitchCommits.Pending<ConnectionBatch.Change, ConnectionBatch.Planned>> batch) {
        long start = System.nanoTime();
        ConnectionBatch plan;
        List<ConnectionBatch.Planned> planned = new ArrayList<>();
        List<SwitchCommits.Pending<ConnectionBatch.Change, ConnectionBatch.Planned>> committing = new ArrayList<>();
        synchronized (this) {
            plan = new ConnectionBatch(
                    switchName, installed.getOrDefault(switchName, Map.of()), rules.rules(switchName));
            for (SwitchCommits.Pending<ConnectionBatch.Change, ConnectionBatch.Planned> p : batch) {
                try {
                    planned.add(plan.plan(p.change()));
                    committing.add(p);
                } catch (IllegalArgumentException | IllegalStateException refused) {
                    p.answer().completeExceptionally(refused);
                }
            }
        }
        if (committing.isEmpty()) {
            return;
        }
        RuleManager.ChangeResult result;
        long changed;
        try {
            result = rules.change(switchName, plan.adds(), plan.removes());
            changed = System.nanoTime();
            synchronized (this) {
                record(switchName, plan.wiredAfter());
                save();
            }
        } catch (Exception e) {
            if (committing.size() == 1) {
                committing.getFirst().answer().completeExceptionally(e);
                return;
            }
            LOG.info(
                    "switch {}: a commit of {} connection changes failed ({}); committing them one by one",
                    switchName,
                    committing.size(),
                    e.getMessage());
            committing.forEach(p -> commit(switchName, List.of(p)));
            return;
        }
        long longestWait = 0;
        for (int i = 0; i < committing.size(); i++) {
            SwitchCommits.Pending<ConnectionBatch.Change, ConnectionBatch.Planned> p = committing.get(i);
            longestWait = Math.max(longestWait, start - p.queuedNanos());
            p.answer().complete(planned.get(i).withResult(result));
        }
        LOG.info(
                "switch {}: {} committed in {} ms (rules saved and confirmed {} ms, connections saved {} ms); waited for the commit before at most {} ms",
                switchName,
                planned.stream().map(ConnectionBatch.Planned::describe).collect(Collectors.joining(", ")),
                millis(System.nanoTime() - start),
                millis(changed - start),
                millis(System.nanoTime() - changed),
                millis(longestWait));
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /** The switch's wirings are now {@code wired}. */
    private void record(String switchName, Map<Long, Installed> wired) {
        if (wired.isEmpty()) {
            installed.remove(switchName);
        } else {
            installed.put(switchName, new TreeMap<>(wired));
        }
    }

    /** Whether the rule takes an allocation's traffic in from the outside world (the first rule of a path). */
    public synchronized boolean isEntryRule(Rule rule) {
        long id = Cookies.ownerId(rule.cookie());
        for (Map<Long, Installed> bySwitch : installed.values()) {
            Installed inst = bySwitch.get(id);
            if (inst != null && Cookies.kind(rule.cookie()) == Cookies.OwnerKind.ALLOCATION) {
                for (Wiring.Path p : inst.wiring().paths()) {
                    if (p.match().with(MatchField.IN_PORT, p.fromPort()).equals(rule.match())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    public synchronized Optional<Installed> get(String switchName, long allocId) {
        return Optional.ofNullable(installed.getOrDefault(switchName, Map.of()).get(allocId));
    }

    public synchronized List<Installed> all() {
        List<Installed> list = new ArrayList<>();
        installed.values().forEach(m -> list.addAll(m.values()));
        return list;
    }

    /** The rules a wiring becomes; see the class comment. */
    static List<Rule> rulesFor(int table, Wiring wiring, List<List<Integer>> tags, long cookie) {
        List<Rule> out = new ArrayList<>();
        int prio = wiring.priority();
        for (int i = 0; i < wiring.paths().size(); i++) {
            Wiring.Path p = wiring.paths().get(i);
            List<Integer> t = tags.get(i);
            Match entry = p.match().with(MatchField.IN_PORT, p.fromPort());
            if (p.pms().isEmpty()) {
                out.add(new Rule(table, prio, entry, List.of("output:" + p.toPort()), cookie));
                continue;
            }
            boolean tagged = !t.isEmpty();
            List<Wiring.Pm> pms = p.pms();
            out.add(new Rule(
                    table,
                    prio,
                    entry,
                    tagged
                            ? List.of(
                                    "mod_vlan_vid:" + t.get(0),
                                    out(p.fromPort(), pms.get(0).inPort()))
                            : List.of(out(p.fromPort(), pms.get(0).inPort())),
                    cookie));
            for (int h = 1; h <= pms.size(); h++) {
                Wiring.Pm from = pms.get(h - 1);
                Match m = Match.ALL.with(MatchField.IN_PORT, from.outPort());
                if (tagged) {
                    m = m.with(MatchField.DL_VLAN, t.get(h));
                }
                boolean last = h == pms.size();
                int next = last ? p.toPort() : pms.get(h).inPort();
                List<String> actions = last && tagged
                        ? List.of("strip_vlan", out(from.outPort(), next))
                        : List.of(out(from.outPort(), next));
                out.add(new Rule(table, prio, m, actions, cookie));
            }
        }
        return withoutRepeats(out);
    }

    /**
     * Paths of one allocation that fan out (a mirror feeding two ToNets) share their first hops, which become
     * the same rules: each is kept once. Two paths that want different actions for the same match cannot both
     * be honoured, which is an error in the wiring.
     */
    private static List<Rule> withoutRepeats(List<Rule> rules) {
        Map<Rule.Key, Rule> byKey = new java.util.LinkedHashMap<>();
        for (Rule r : rules) {
            Rule before = byKey.putIfAbsent(r.key(), r);
            if (before != null && !before.actions().equals(r.actions())) {
                throw new IllegalArgumentException(
                        "two paths of the wiring disagree at %s: %s or %s; with \"vlan\": true, paths that share hops must be given as one path"
                                .formatted(r.key(), before.actions(), r.actions()));
            }
        }
        return List.copyOf(byKey.values());
    }

    /** OpenFlow does not send a packet back out of the port it came in on unless told so explicitly. */
    private static String out(int inPort, int port) {
        return inPort == port ? "output:in_port" : "output:" + port;
    }

    // ---- persistence ----

    private void save() {
        ObjectNode root = RuleStore.json().createObjectNode();
        root.put("format", 1);
        ArrayNode list = root.putArray("connections");
        for (Installed inst : all()) {
            ObjectNode n = list.addObject();
            n.put("switch", inst.switchName());
            n.put("table", inst.table());
            n.set("wiring", wiringJson(inst.wiring()));
            ArrayNode tags = n.putArray("tags");
            inst.tags().forEach(t -> {
                ArrayNode a = tags.addArray();
                t.forEach(a::add);
            });
        }
        RuleStore.writeAtomically(stateFile, root);
    }

    private static JsonNode wiringJson(Wiring w) {
        return RuleStore.json().valueToTree(Structs.toStruct(w.toWire()));
    }

    private void load() {
        if (!Files.exists(stateFile)) {
            return;
        }
        try {
            JsonNode root = RuleStore.json().readTree(stateFile.toFile());
            for (JsonNode n : root.path("connections")) {
                Wiring w = Wiring.parse(RuleStore.json().writeValueAsString(n.get("wiring")));
                List<List<Integer>> tags = new ArrayList<>();
                for (JsonNode t : n.path("tags")) {
                    List<Integer> list = new ArrayList<>();
                    t.forEach(x -> list.add(x.asInt()));
                    tags.add(List.copyOf(list));
                }
                installed
                        .computeIfAbsent(n.path("switch").asText(), s -> new TreeMap<>())
                        .put(
                                w.allocId(),
                                new Installed(
                                        n.path("switch").asText(),
                                        n.path("table").asInt(),
                                        w,
                                        List.copyOf(tags)));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read the saved connections %s: %s".formatted(stateFile, e.getMessage()), e);
        }
    }
}
