package org.flowstream.cli.bench.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Time-to-heal percentiles per kind of fault, from the rounds' results. */
final class ChaosFigures {

    private ChaosFigures() {
    }

    static Map<String, Object> healPercentiles(List<Map<String, Object>> rounds) {
        Map<String, List<Double>> byFault = new LinkedHashMap<>();
        for (Map<String, Object> round : rounds) {
            byFault.computeIfAbsent((String) round.get("fault"), f -> new ArrayList<>()).add((Double) round.get("heal_s"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        byFault.forEach((fault, seconds) -> {
            List<Double> sorted = seconds.stream().sorted().toList();
            out.put(fault, Map.of("rounds", sorted.size(), "p50", percentile(sorted, 0.50), "p99", percentile(sorted, 0.99)));
        });
        return out;
    }

    /** Nearest-rank percentile of a sorted, non-empty list. */
    static double percentile(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
