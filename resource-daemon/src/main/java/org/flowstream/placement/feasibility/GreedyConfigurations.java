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

    /**
     * The servers of first-fit packings: each service takes its split of least downlink traffic (the first packing)
     * or of least traffic under a random tilt of up to 30 % per split, and the groups go largest share first to the
     * first server with room. These are configurations a placement near the optimum uses, the LP's first cuts.
     */
    static List<int[]> firstFit(GroupCatalog catalog, int packings, SplittableRandom random) {
        List<int[]> out = new ArrayList<>();
        for (int k = 0; k < packings; k++) {
            List<Integer> groups = new ArrayList<>();
            for (int s = 0; s < catalog.services(); s++) {
                int[] best = null;
                double bestDown = Double.POSITIVE_INFINITY;
                for (int[] split : catalog.splits.get(s)) {
                    double down = 0;
                    for (int g : split) down += catalog.load[g][2];
                    if (k > 0) down *= 1 + 0.3 * random.nextDouble();
                    if (down < bestDown) {
                        bestDown = down;
                        best = split;
                    }
                }
                for (int g : best) groups.add(g);
            }
            groups.sort(Comparator.comparingDouble((Integer g) -> -largestShare(catalog, g)));
            List<long[]> room = new ArrayList<>();
            List<List<Integer>> bins = new ArrayList<>();
            for (int g : groups) {
                int b = 0;
                while (b < bins.size() && !fits(catalog, g, room.get(b))) b++;
                if (b == bins.size()) {
                    room.add(catalog.capacity.clone());
                    bins.add(new ArrayList<>());
                }
                for (int d = 0; d < GroupCatalog.DIMENSIONS; d++) room.get(b)[d] -= catalog.load[g][d];
                bins.get(b).add(g);
            }
            for (List<Integer> bin : bins)
                out.add(bin.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    private static double largestShare(GroupCatalog catalog, int g) {
        double m = 0;
        for (int d = 0; d < 4; d++) m = Math.max(m, (double) catalog.load[g][d] / catalog.capacity[d]);
        return m;
    }

    private static boolean fits(GroupCatalog catalog, int g, long[] room) {
        for (int d = 0; d < GroupCatalog.DIMENSIONS; d++) if (catalog.load[g][d] > room[d]) return false;
        return true;
    }
}
