package org.flowstream.placement.feasibility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Heavy configurations from randomised greedy packings: groups in order of value per weighted size (random weights
 * over the four dimensions, a random tilt per group), each taken when its service has none yet and it fits. Far
 * more varied than the first configurations a depth-first search meets, which differ only in their smallest groups:
 * the configuration LP needs cuts from all over.
 */
final class GreedyConfigurations {
    private GreedyConfigurations() {}

    static List<int[]> of(GroupCatalog catalog, double[] value, int tries, SplittableRandom random) {
        Integer[] candidates = java.util.stream.IntStream.range(0, catalog.groups())
                .filter(g -> value[g] > 0)
                .boxed()
                .toArray(Integer[]::new);
        List<int[]> out = new ArrayList<>();
        double[] score = new double[catalog.groups()];
        for (int t = 0; t < tries; t++) {
            double[] weight = new double[4];
            double sum = 0;
            for (int d = 0; d < 4; d++) sum += weight[d] = t == 0 ? 1 : -Math.log(1 - random.nextDouble());
            for (Integer g : candidates) {
                double size = 1e-6;
                for (int d = 0; d < 4; d++) size += weight[d] / sum * catalog.load[g][d] / catalog.capacity[d];
                score[g] = value[g] / size * (t > 1 ? 0.7 + 0.6 * random.nextDouble() : 1);
            }
            Integer[] order = candidates.clone();
            Arrays.sort(order, Comparator.comparingDouble((Integer g) -> -score[g]));
            out.add(pack(catalog, order));
        }
        return out;
    }

    private static int[] pack(GroupCatalog catalog, Integer[] order) {
        long[] room = catalog.capacity.clone();
        boolean[] used = new boolean[catalog.services()];
        List<Integer> taken = new ArrayList<>();
        for (int g : order) {
            if (used[catalog.service[g]]) continue;
            boolean fits = true;
            for (int d = 0; d < GroupCatalog.DIMENSIONS && fits; d++) fits = catalog.load[g][d] <= room[d];
            if (!fits) continue;
            for (int d = 0; d < GroupCatalog.DIMENSIONS; d++) room[d] -= catalog.load[g][d];
            used[catalog.service[g]] = true;
            taken.add(g);
        }
        return taken.stream().mapToInt(Integer::intValue).toArray();
    }
}
