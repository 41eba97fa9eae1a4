package org.flowstream.modulehost.elements;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.flowstream.contracts.element.ElementConfiguration;
import org.flowstream.contracts.element.PortSpec;
import org.flowstream.contracts.element.Signature;
import org.flowstream.contracts.element.StateKind;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.modulehost.runtime.ConfigException;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.Primitives;
import org.flowstream.modulehost.runtime.RuntimeContext;

/**
 * A firewall: an ordered list of rules {@code ACTION PATTERN}, first match wins, and a packet no rule matches
 * is dropped (as in Click's IPFilter). ACTION is allow/accept (output 0), deny/drop, or an output number.
 * PATTERN is {@code all}, or terms joined by optional {@code and}: a protocol ({@code ip tcp udp icmp}),
 * {@code [src|dst] host A.B.C.D}, {@code [src|dst] net A.B.C.D/N}, {@code [src|dst] port N[-M]}. A port term
 * without a protocol matches TCP and UDP. Non-IPv4 frames match only {@code all}.
 */
@Signature(
        ports = "1/1-",
        description =
                "firewall: the first RULE that matches decides, unmatched packets are dropped. A RULE is 'allow|deny|OUTPUT PATTERN' with PATTERN 'all' or terms like 'tcp', 'udp', 'icmp', 'src host 10.0.0.1', 'dst net 10.0.0.0/8', 'dst port 22', 'src port 1000-2000' (joined by 'and'); one output per OUTPUT number used. Example: IPFilter(deny tcp dst port 22, allow all)",
        primitives = {Primitives.READ, Primitives.DROP, Primitives.COUNT},
        state = StateKind.ELEMENT,
        keywords = {
            @Signature.Keyword(
                    name = "RULE...",
                    type = "filter rule",
                    required = true,
                    meaning = "allow|deny|OUTPUT PATTERN, tried in order",
                    positional = true)
        },
        counters = {"dropped", "ruleN_matches"})
public final class IPFilter extends Element {

    private static final int DROP = -1;

    /** One rule: where matching packets go, and what they must look like (all terms must hold). */
    record Rule(String text, int output, int protocol, boolean all, List<Term> terms) {
        boolean matches(Packet p) {
            if (all) {
                return true;
            }
            if (!p.isIpv4()) {
                return false;
            }
            int proto = p.ipProtocol();
            if (protocol >= 0 && proto != protocol) {
                return false;
            }
            for (Term term : terms) {
                if (!term.matches(p, proto)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A host/net or port condition on the source, the destination, or either. */
    record Term(String kind, String direction, int address, int mask, int portLow, int portHigh) {
        boolean matches(Packet p, int proto) {
            if (kind.equals("port")) {
                if (proto != Packet.PROTO_TCP && proto != Packet.PROTO_UDP) {
                    return false;
                }
                int src = p.srcPort();
                int dst = p.dstPort();
                boolean s = src >= portLow && src <= portHigh;
                boolean d = dst >= portLow && dst <= portHigh;
                return direction.equals("src") ? s : direction.equals("dst") ? d : s || d;
            }
            boolean s = (p.ipSrc() & mask) == address;
            boolean d = (p.ipDst() & mask) == address;
            return direction.equals("src") ? s : direction.equals("dst") ? d : s || d;
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private final List<LongAdder> hits = new ArrayList<>();
    private final LongAdder dropped = new LongAdder();
    private int outputs = 1;

    @Override
    public void configure(ElementConfiguration configuration, RuntimeContext context) throws ConfigException {
        List<String> ruleTexts = configuration.texts("RULE...");
        for (int i = 0; i < ruleTexts.size(); i++) {
            try {
                Rule rule = parseRule(ruleTexts.get(i));
                rules.add(rule);
                hits.add(new LongAdder());
                outputs = Math.max(outputs, rule.output + 1);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("rule %d '%s': %s".formatted(i + 1, ruleTexts.get(i), e.getMessage()));
            }
        }
    }

    static Rule parseRule(String text) {
        String[] words = text.trim().toLowerCase(java.util.Locale.ROOT).split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            throw new IllegalArgumentException("empty rule");
        }
        int output = switch (words[0]) {
            case "allow", "accept", "pass" -> 0;
            case "deny", "drop", "reject" -> DROP;
            default -> {
                try {
                    int n = Integer.parseInt(words[0]);
                    if (n < 0 || n > 63) {
                        throw new IllegalArgumentException("output must be 0 to 63");
                    }
                    yield n;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "a rule starts with allow, deny or an output number, not '" + words[0] + "'");
                }
            }
        };
        if (words.length == 1) {
            throw new IllegalArgumentException("the rule has no pattern; say 'all' to match everything");
        }
        int protocol = -1;
        boolean all = false;
        List<Term> terms = new ArrayList<>();
        String direction = "any";
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            switch (w) {
                case "all" -> all = true;
                case "and", "&&" -> {}
                case "ip" -> protocol = -1;
                case "tcp" -> protocol = Packet.PROTO_TCP;
                case "udp" -> protocol = Packet.PROTO_UDP;
                case "icmp" -> protocol = Packet.PROTO_ICMP;
                case "src", "dst" -> {
                    direction = w;
                    continue;
                }
                case "host", "net" -> {
                    if (i + 1 >= words.length) {
                        throw new IllegalArgumentException("'" + w + "' needs an address");
                    }
                    String value = words[++i];
                    Ipv4Prefix prefix = Ipv4Prefix.parseClearingHostBits(
                            w.equals("host") && value.contains("/")
                                    ? bad("host takes an address, use net for a prefix")
                                    : value);
                    terms.add(new Term("addr", direction, prefix.bits(), prefix.mask(), 0, 0));
                }
                case "port" -> {
                    if (i + 1 >= words.length) {
                        throw new IllegalArgumentException("'port' needs a number");
                    }
                    String value = words[++i];
                    int dash = value.indexOf('-');
                    int low = port(dash < 0 ? value : value.substring(0, dash));
                    int high = dash < 0 ? low : port(value.substring(dash + 1));
                    if (high < low) {
                        throw new IllegalArgumentException("port range " + value + " is empty");
                    }
                    terms.add(new Term("port", direction, 0, 0, low, high));
                }
                default -> throw new IllegalArgumentException("unknown word '" + w + "'");
            }
            direction = "any";
        }
        if (all && (protocol >= 0 || !terms.isEmpty())) {
            throw new IllegalArgumentException("'all' cannot be combined with other terms");
        }
        return new Rule(text.trim(), output, protocol, all, terms);
    }

    private static String bad(String message) {
        throw new IllegalArgumentException(message);
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + text + " is outside 0..65535");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port number");
        }
    }

    /** Within the declared 1/1-: as many outputs as the rules name. */
    @Override
    public PortSpec ports() {
        return PortSpec.fixed(1, outputs);
    }

    @Override
    public void push(int port, Packet packet) {
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (rule.matches(packet)) {
                hits.get(i).increment();
                if (rule.output == DROP) {
                    dropped.increment();
                } else {
                    output(rule.output, packet);
                }
                return;
            }
        }
        dropped.increment();
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("dropped", dropped.sum());
        for (int i = 0; i < rules.size(); i++) {
            stats.put("rule" + (i + 1) + "_matches", hits.get(i).sum());
        }
        return stats;
    }
}
