package org.flowstream.cli.bench.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Time-to-heal percentiles per kind of fault, from the rounds' results, and their ratio to the round without a
 * fault: every round installs an allocation right after its fault, so the baseline is that install's own time.
 * Beside them, per kind, the most datagrams one allocation lost in one round of that kind.
 */
final class ChaosFigures {

    private ChaosFigures() {}

    static Map<String, Object> healPercentiles(List<Map<String, Object>> rounds) {
        Map<String, List<Double>> byFault = new LinkedHashMap<>();
        Map<String, Integer> lostMax = new LinkedHashMap<>();
        for (Map<String, Object> round : rounds) {
            String fault = (String) round.get("fault");
            byFault.computeIfAbsent(fault, f -> new ArrayList<>()).add((Double) round.get("heal_s"));
            lostMax.merge(fault, ((Number) round.getOrDefault("lost_max", 0)).intValue(), Math::max);
        }
        double baseline = percentile(
                byFault.getOrDefault("none", List.of(0.0)).stream().sorted().toList(), 0.50);
        Map<String, Object> out = new LinkedHashMap<>();
        byFault.forEach((fault, seconds) -> {
            List<Double> sorted = seconds.stream().sorted().toList();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rounds", sorted.size());
            row.put("p50", percentile(sorted, 0.50));
            row.put("p99", percentile(sorted, 0.99));
            row.put(
                    "p50_vs_no_fault",
                    baseline > 0 ? Math.round(percentile(sorted, 0.50) / baseline * 100) / 100.0 : null);
            row.put("lost_per_allocation_max", lostMax.get(fault));
            out.put(fault, row);
        });
        return out;
    }

    /** Nearest-rank percentile of a sorted, non-empty list. */
    static double percentile(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
