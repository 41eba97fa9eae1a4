package org.flowstream.placement.feasibility;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.List;

/**
 * The start of the configuration LP bound: the best convex mix of dual feasible functions, each applied to one
 * dimension (identity, Fekete and Schepers' threshold f0 with lam = 0.10 ... 0.50, steps u^(k) with k = 2 ... 10). A
 * mix of valuations under which every configuration is worth at most 1 is one too; the weights that make the
 * services' least splits worth most are an LP (GLOP). Doubles: the bound checks every valuation exactly.
 */
final class ThresholdStart {
    private ThresholdStart() {}

    static double[] best(GroupCatalog catalog) {
        List<double[]> family = family(catalog);
        Loader.loadNativeLibraries();
        MPSolver lp = MPSolver.createSolver("GLOP");
        MPVariable[] weight = new MPVariable[family.size()];
        MPConstraint sum = lp.makeConstraint(1, 1, "");
        for (int f = 0; f < weight.length; f++) {
            weight[f] = lp.makeNumVar(0, 1, "");
            sum.setCoefficient(weight[f], 1);
        }
        MPObjective objective = lp.objective();
        objective.setMaximization();
        for (int s = 0; s < catalog.services(); s++) {
            MPVariable least = lp.makeNumVar(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "");
            objective.setCoefficient(least, 1);
            for (int[] split : catalog.splits.get(s)) {
                MPConstraint row = lp.makeConstraint(Double.NEGATIVE_INFINITY, 0, "");
                row.setCoefficient(least, 1);
                for (int f = 0; f < weight.length; f++) {
                    double v = 0;
                    for (int g : split) v += family.get(f)[g];
                    if (v != 0) row.setCoefficient(weight[f], -v);
                }
            }
        }
        if (lp.solve() != MPSolver.ResultStatus.OPTIMAL) return null;
        double[] mix = new double[catalog.groups()];
        for (int f = 0; f < weight.length; f++) {
            double w = weight[f].solutionValue();
            if (w <= 0) continue;
            for (int g = 0; g < mix.length; g++) mix[g] += w * family.get(f)[g];
        }
        lp.delete();
        return mix;
    }

    private static List<double[]> family(GroupCatalog catalog) {
        List<double[]> out = new ArrayList<>();
        for (int d = 0; d < 4; d++) {
            double[] share = new double[catalog.groups()];
            for (int g = 0; g < share.length; g++)
                share[g] = Math.min(1, (double) catalog.load[g][d] / catalog.capacity[d]);
            out.add(share);
            for (int percent = 10; percent <= 50; percent += 2) {
                double lam = percent / 100.0;
                double[] v = new double[share.length];
                for (int g = 0; g < v.length; g++) v[g] = share[g] > 1 - lam ? 1 : share[g] >= lam ? share[g] : 0;
                out.add(v);
            }
            for (int k = 2; k <= 10; k++) {
                double[] v = new double[share.length];
                for (int g = 0; g < v.length; g++) {
                    double y = (k + 1) * share[g];
                    v[g] = Math.abs(y - Math.rint(y)) < 1e-12 ? share[g] : Math.floor(y) / k;
                }
                out.add(v);
            }
        }
        return out;
    }
}
