package org.flowstream.resource.scaleout;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.flowstream.contracts.match.Match;
import org.flowstream.contracts.match.MatchField;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.contracts.records.openflow.FlowStats;
import org.flowstream.contracts.records.openflow.RuleCounters;
import org.flowstream.contracts.records.resource.GroupStatus;

/**
 * Each group's units' recent load, measured on the switch (docs/migration.md, "Scale-out"): the packets a unit's own
 * rules counted (the {@code nw_src=P} and {@code nw_dst=X} entry rules {@link GroupWiring} writes, as the openflow
 * daemon's get_flow_stats lists them) over the time between two of the openflow daemon's polls. Packets, not bytes:
 * a NAT's work for a packet is a lookup and a header rewrite whatever its payload, so the packet rate is what a unit
 * costs its member's CPU, the measure that decides when the group changes.
 *
 * <p>Kept in memory only: a restarted daemon measures afresh (the counters it would compare with are stale by then).
 * A unit whose rules were rewritten (a move, a re-assert after a restart) shows a counter below its last reading,
 * or another set of rules: that reading starts a new period and the unit keeps its last rate until the next one.
 */
public final class UnitRates {

    /** One reading of a unit's rules: each rule's packet counter (by switch and match), when the switch answered. */
    private record Reading(Instant at, Map<String, Long> packetsByRule) {}

    /** A rule's counter beside its parsed match (parsed once per reading, not once per unit). */
    private record ParsedRule(RuleCounters counters, Match match) {}

    /** A unit's last reading and its rate over the period that ended there (null before the second reading). */
    private record Measured(Reading last, Double packetsPerSecond) {}

    private final Map<Integer, Map<String, Measured>> byGroup = new ConcurrentHashMap<>();

    /**
     * Takes in the allocation's counters: each unit's rate over the period since its last reading. A reading no
     * newer than the last (the openflow daemon has not polled since, or has never: {@code updated_at} empty) is
     * ignored.
     */
    public void record(int allocId, List<GroupUnit> units, FlowStats stats) {
        Instant at = when(stats.updatedAt());
        if (at == null) {
            return;
        }
        Map<String, Measured> group = byGroup.computeIfAbsent(allocId, k -> new ConcurrentHashMap<>());
        group.keySet().retainAll(units.stream().map(u -> u.inside().toString()).toList());
        List<ParsedRule> rules = stats.rules().stream()
                .map(r -> new ParsedRule(r, Match.parse(r.match())))
                .toList();
        for (GroupUnit unit : units) {
            Reading now = new Reading(at, countersOf(unit, rules));
            group.merge(unit.inside().toString(), new Measured(now, null), (before, fresh) -> next(before, now));
        }
    }

    /** Each measured unit's packets per second (inside prefix as text, in prefix order); empty before any. */
    public Map<String, Double> packetsPerSecond(int allocId) {
        Map<String, Double> rates = new TreeMap<>(UnitRates::byPrefix);
        byGroup.getOrDefault(allocId, Map.of()).forEach((unit, m) -> {
            if (m.packetsPerSecond() != null) {
                rates.put(unit, m.packetsPerSecond());
            }
        });
        return rates;
    }

    /** Each measured unit's load as get_allocation and a group change's task show it, in prefix order. */
    public List<GroupStatus.UnitLoad> loads(int allocId) {
        return packetsPerSecond(allocId).entrySet().stream()
                .map(e -> new GroupStatus.UnitLoad(e.getKey(), e.getValue()))
                .toList();
    }

    /** Forgets every group but those of {@code allocIds} (deleted allocations, groups gone). */
    public void retainOnly(Set<Integer> allocIds) {
        byGroup.keySet().retainAll(allocIds);
    }

    /** The unit's rate after a new reading, or a new period where a counter went back or the rules changed. */
    private static Measured next(Measured before, Reading now) {
        Reading last = before.last();
        if (!now.at().isAfter(last.at())) {
            return before;
        }
        if (!now.packetsByRule().keySet().equals(last.packetsByRule().keySet())) {
            return new Measured(now, before.packetsPerSecond());
        }
        long packets = 0;
        for (Map.Entry<String, Long> rule : now.packetsByRule().entrySet()) {
            long delta = rule.getValue() - last.packetsByRule().get(rule.getKey());
            if (delta < 0) {
                return new Measured(now, before.packetsPerSecond());
            }
            packets += delta;
        }
        double seconds = (now.at().toEpochMilli() - last.at().toEpochMilli()) / 1000.0;
        return new Measured(now, packets / seconds);
    }

    /** The packet counters of the rules that carry the unit: its inside prefix as nw_src, or its address as nw_dst. */
    private static Map<String, Long> countersOf(GroupUnit unit, List<ParsedRule> rules) {
        Match.Value inside = new Match.Value(
                unit.inside().bits() & 0xffffffffL, unit.inside().mask() & 0xffffffffL);
        Match.Value external = new Match.Value(unit.external().bits() & 0xffffffffL, 0xffffffffL);
        Map<String, Long> counters = new HashMap<>();
        for (ParsedRule parsed : rules) {
            RuleCounters rule = parsed.counters();
            if (parsed.match().get(MatchField.NW_SRC).filter(inside::equals).isPresent()
                    || parsed.match()
                            .get(MatchField.NW_DST)
                            .filter(external::equals)
                            .isPresent()) {
                counters.put(rule.switchName() + " " + rule.table() + " " + rule.match(), rule.packets());
            }
        }
        return counters;
    }

    private static Instant when(String updatedAt) {
        if (updatedAt == null || updatedAt.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(updatedAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "get_flow_stats' updated_at '%s' is not an ISO-8601 instant".formatted(updatedAt), e);
        }
    }

    /** Units in the order of their inside prefixes (10.81.0.64/26 before 10.81.0.128/26, unlike their text). */
    static int byPrefix(String a, String b) {
        return Ipv4Prefix.parse(a).compareTo(Ipv4Prefix.parse(b));
    }
}
