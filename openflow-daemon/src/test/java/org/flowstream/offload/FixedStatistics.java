package org.flowstream.offload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made statistics for tests: shares per scale given directly. */
final class FixedStatistics implements TrafficStatistics<String> {
    private final List<Map<String, Double>> scales = new ArrayList<>();

    FixedStatistics scale(Object... keyShare) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < keyShare.length; i += 2)
            m.put((String) keyShare[i], ((Number) keyShare[i + 1]).doubleValue());
        scales.add(m);
        return this;
    }

    @Override
    public int scales() {
        return scales.size();
    }

    @Override
    public List<String> ranking(int scale, int limit) {
        return scales.get(scale).entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }

    @Override
    public double share(String key, int scale) {
        return scales.get(scale).getOrDefault(key, 0.0);
    }
}
