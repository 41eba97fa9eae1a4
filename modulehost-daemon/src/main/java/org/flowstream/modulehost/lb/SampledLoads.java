package org.flowstream.modulehost.lb;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the running totals of a host's PrefixSampler elements into the load of one period: for each sampler
 * (a PM's element) the samples added since the previous period, scaled by its ONE_IN to estimated packets, and
 * summed per prefix over all samplers. A sampler whose count went down belongs to a restarted PM: its whole
 * count is new. Samplers that are gone are forgotten.
 */
public final class SampledLoads {

    /** One sampler's running totals: "pm/element", 1 in how many packets it counts, prefix to samples. */
    public record Sampler(String id, int oneIn, Map<String, Long> samples) {}

    private Map<String, Map<String, Long>> previous = new HashMap<>();

    /** Estimated packets per prefix since the previous call. */
    public Map<String, Long> period(Iterable<Sampler> samplers) {
        Map<String, Long> load = new TreeMap<>();
        Map<String, Map<String, Long>> now = new HashMap<>();
        for (Sampler sampler : samplers) {
            Map<String, Long> before = previous.getOrDefault(sampler.id(), Map.of());
            sampler.samples().forEach((prefix, count) -> {
                long last = before.getOrDefault(prefix, 0L);
                long added = count >= last ? count - last : count;
                if (added > 0) {
                    load.merge(prefix, added * sampler.oneIn(), Long::sum);
                }
            });
            now.put(sampler.id(), Map.copyOf(sampler.samples()));
        }
        previous = now;
        return load;
    }
}
