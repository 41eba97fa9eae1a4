package org.flowstream.openflow.offloading;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.match.Match;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.contracts.records.openflow.OffloadConfig;
import org.flowstream.openflow.rules.Rule;

/**
 * The rules of one offload: a low-priority rule sending all IPv4 traffic (from the input port) to the
 * software path, and one forwarding rule to the fast path per offloaded destination prefix. Also maps a
 * switch rule back to its prefix, so the forwarding rules' counters feed the statistics of the prefixes
 * the software path no longer sees.
 */
public final class OffloadFlowRules {

    public static final int TABLE = 0;

    private final List<Rule> rules = new ArrayList<>();
    private final Map<Rule.Key, Ipv4Prefix> prefixOf = new HashMap<>();

    public OffloadFlowRules(OffloadConfig config, Collection<Ipv4Prefix> offloaded) {
        String base = config.inPort() == null ? "ip" : "ip,in_port=" + config.inPort();
        rules.add(new Rule(
                TABLE,
                config.defaultPriority(),
                Match.parse(base),
                List.of("output:" + config.softwarePort()),
                OffloadConfigs.cookie(config)));
        for (Ipv4Prefix p : offloaded) {
            String match = p.length() == 0 ? base : base + ",nw_dst=" + p;
            Rule r = new Rule(
                    TABLE,
                    config.priority() + p.length(),
                    Match.parse(match),
                    List.of("output:" + config.fastPathPort()),
                    OffloadConfigs.cookie(config));
            rules.add(r);
            prefixOf.put(r.key(), p);
        }
    }

    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    /** The offloaded prefix of a forwarding rule, or null for the software-path rule and foreign keys. */
    public Ipv4Prefix prefixOf(Rule.Key key) {
        return prefixOf.get(key);
    }
}
