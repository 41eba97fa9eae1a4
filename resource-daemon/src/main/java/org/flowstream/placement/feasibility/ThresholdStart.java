package org.flowstream.placement.feasibility;

/**
 * The start of the configuration LP bound: the threshold dual feasible function (Fekete and Schepers' f0) on one
 * dimension, the one and the threshold that make the services' least splits worth most. Under f0 with parameter lam a
 * group above 1 - lam of the server counts 1, one of lam to 1 - lam its share, a smaller one 0; groups that fit one
 * server together are worth at most 1 in all. Doubles: the bound checks every valuation exactly.
 */
final class ThresholdStart {
    private ThresholdStart() {}

    /** The best such valuation of the catalog's groups, or null when every one is worth nothing. */
    static double[] best(GroupCatalog catalog) {
        double[] best = null;
        double bestWorth = 0;
        for (int d = 0; d < 4; d++) {
            for (int percent = 5; percent <= 50; percent++) {
                double[] value = valuation(catalog, d, percent / 100.0);
                double worth = 0;
                for (int s = 0; s < catalog.services(); s++) {
                    int[] split = catalog.leastSplit(s, value);
                    for (int g : split) worth += value[g];
                }
                if (worth > bestWorth) {
                    bestWorth = worth;
                    best = value;
                }
            }
        }
        return best;
    }

    private static double[] valuation(GroupCatalog catalog, int dimension, double lam) {
        double[] value = new double[catalog.groups()];
        for (int g = 0; g < value.length; g++) {
            double share = (double) catalog.load[g][dimension] / catalog.capacity[dimension];
            value[g] = share > 1 - lam ? 1 : share >= lam ? share : 0;
        }
        return value;
    }
}
