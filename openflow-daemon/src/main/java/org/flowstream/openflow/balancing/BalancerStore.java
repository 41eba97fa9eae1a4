package org.flowstream.openflow.balancing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.balancer.Assignment;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.contracts.records.openflow.BalancerConfig;
import org.flowstream.openflow.rules.SavedList;

/**
 * The configured balancers and their installed assignments in one JSON file, written atomically like the
 * rules, so a restarted daemon resumes every balancer where it was (same prefixes, same rules) instead of
 * starting again from uniform traffic.
 *
 * <pre>{"format": 1, "balancers": [{"config": {"id": 1, "switch_name": "br0", ...},
 *   "default_machine": "m1", "prefixes": {"128.0.0.0/2": "m2"}}]}</pre>
 */
public final class BalancerStore {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Saved(BalancerConfig config, String defaultMachine, Map<String, String> prefixes) {}

    private final SavedList<Saved> saved;

    public BalancerStore(Path file) {
        this.saved = new SavedList<>(file, "balancers", Saved.class, "load balancers");
    }

    public Path file() {
        return saved.file();
    }

    public List<BalancerPlan> load() {
        return saved.read(s -> {
            Map<Ipv4Prefix, String> prefixes = new LinkedHashMap<>();
            s.prefixes().forEach((p, m) -> prefixes.put(Ipv4Prefix.parse(p), m));
            return BalancerPlan.restored(
                    BalancerConfigs.check(BalancerConfigs.withDefaults(s.config())),
                    new Assignment(s.defaultMachine(), prefixes));
        });
    }

    public void save(Collection<BalancerPlan> plans) {
        List<Saved> list = new ArrayList<>();
        for (BalancerPlan p : plans) {
            Map<String, String> prefixes = new LinkedHashMap<>();
            p.assignment().prefixes().forEach((prefix, m) -> prefixes.put(prefix.toString(), m));
            list.add(new Saved(p.config(), p.assignment().defaultMachine(), prefixes));
        }
        saved.write(list);
    }
}
