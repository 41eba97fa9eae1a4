package org.flowstream.modulehost.elements;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.flowstream.contracts.element.ElementConfiguration;
import org.flowstream.contracts.element.PortSpec;
import org.flowstream.contracts.element.Signature;
import org.flowstream.modulehost.runtime.ConfigException;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.Primitives;
import org.flowstream.modulehost.runtime.RuntimeContext;

/**
 * Click's Classifier: one output per pattern; a packet leaves on the output of the first pattern it matches and
 * is dropped when none does. A pattern is space-separated {@code OFFSET/HEXVALUE[%HEXMASK]} clauses that must all
 * hold (byte offsets into the Ethernet frame), or {@code -} which matches everything.
 * {@code Classifier(12/0806, 12/0800, -)}: ARP to 0, IPv4 to 1, the rest to 2.
 */
@Signature(
        ports = "1/1-",
        description =
                "sends a packet to the output of the first PATTERN it matches (dropped if none). A PATTERN is 'OFFSET/HEX[%MASK] ...' on frame bytes (all must match) or '-' for anything; one output per PATTERN. Example: Classifier(12/0806, 12/0800, -)",
        primitives = {Primitives.READ, Primitives.DROP},
        keywords = {
            @Signature.Keyword(
                    name = "PATTERN...",
                    type = "frame pattern",
                    required = true,
                    meaning = "one per output, in order: OFFSET/HEX[%MASK] terms or '-'",
                    positional = true)
        },
        counters = {"unmatched"})
public final class Classifier extends Element {

    private record Clause(int offset, byte[] value, byte[] mask) {
        boolean matches(Packet p) {
            if (p.length() < offset + value.length) {
                return false;
            }
            for (int i = 0; i < value.length; i++) {
                if ((p.u8(offset + i) & (mask[i] & 0xff)) != (value[i] & mask[i] & 0xff)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<List<Clause>> patterns = new ArrayList<>();
    private final LongAdder unmatched = new LongAdder();

    @Override
    public void configure(ElementConfiguration configuration, RuntimeContext context) throws ConfigException {
        List<String> patternTexts = configuration.texts("PATTERN...");
        for (int i = 0; i < patternTexts.size(); i++) {
            String pattern = patternTexts.get(i).trim();
            List<Clause> clauses = new ArrayList<>();
            if (!pattern.equals("-")) {
                for (String clause : pattern.split("\\s+")) {
                    clauses.add(parse(clause, i + 1));
                }
            }
            patterns.add(clauses);
        }
    }

    private static Clause parse(String clause, int number) throws ConfigException {
        try {
            int slash = clause.indexOf('/');
            if (slash < 1) {
                throw new IllegalArgumentException("expected OFFSET/HEXVALUE");
            }
            int offset = Integer.parseInt(clause.substring(0, slash));
            String rest = clause.substring(slash + 1);
            int percent = rest.indexOf('%');
            byte[] value = HexFormat.of().parseHex(percent < 0 ? rest : rest.substring(0, percent));
            byte[] mask = percent < 0 ? filled(value.length) : HexFormat.of().parseHex(rest.substring(percent + 1));
            if (value.length == 0 || mask.length != value.length || offset < 0) {
                throw new IllegalArgumentException("value and mask need the same, non-zero number of bytes");
            }
            return new Clause(offset, value, mask);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("pattern %d, '%s': %s".formatted(number, clause, e.getMessage()));
        }
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 0xff);
        return b;
    }

    /** Within the declared 1/1-: one output per pattern. */
    @Override
    public PortSpec ports() {
        return PortSpec.fixed(1, patterns.size());
    }

    @Override
    public void push(int port, Packet packet) {
        for (int i = 0; i < patterns.size(); i++) {
            boolean all = true;
            for (Clause clause : patterns.get(i)) {
                if (!clause.matches(packet)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                output(i, packet);
                return;
            }
        }
        unmatched.increment();
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("unmatched", unmatched.sum());
        return stats;
    }
}
