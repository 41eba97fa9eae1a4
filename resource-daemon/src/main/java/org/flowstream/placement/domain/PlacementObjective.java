package org.flowstream.placement.domain;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import java.util.Map;

/** The soft objective once every hard constraint holds (§3.2.1, "Objectives"). */
public enum PlacementObjective {
    /** Total approximate delay: the sum of the delays of all service links. */
    TOTAL_DELAY,
    /** Maximum bandwidth usage over all platform links, in permille. */
    MAX_BANDWIDTH_USAGE;

    public static final String TOTAL_DELAY_CONSTRAINT = "Total delay";
    public static final String MAX_BANDWIDTH_USAGE_CONSTRAINT = "Maximum bandwidth usage";

    /** Switches the objective that is not chosen off. */
    public ConstraintWeightOverrides<HardSoftLongScore> weights() {
        return ConstraintWeightOverrides.of(Map.of(
                TOTAL_DELAY_CONSTRAINT, this == TOTAL_DELAY ? HardSoftLongScore.ONE_SOFT : HardSoftLongScore.ZERO,
                MAX_BANDWIDTH_USAGE_CONSTRAINT,
                        this == MAX_BANDWIDTH_USAGE ? HardSoftLongScore.ONE_SOFT : HardSoftLongScore.ZERO));
    }
}
