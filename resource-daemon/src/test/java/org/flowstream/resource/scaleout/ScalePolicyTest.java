package org.flowstream.resource.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.flowstream.lang.model.ScalingGroup;
import org.junit.jupiter.api.Test;

/** The scale decision: bounds first, then the cool-down, then SCALE_OUT, then SCALE_IN without flapping. */
class ScalePolicyTest {

    private static final ScalingGroup NAT = new ScalingGroup("nat", 1, 3, 0.8, 0.3, 30);
    private static final Instant CHANGED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LATER = CHANGED.plusSeconds(31);

    private static List<InstanceLoad> loads(double... fractions) {
        List<InstanceLoad> loads = new java.util.ArrayList<>();
        for (int i = 0; i < fractions.length; i++) {
            loads.add(new InstanceLoad("mh" + (i + 1), "nat" + (i + 1), fractions[i]));
        }
        return loads;
    }

    private static ScaleDecision decide(List<InstanceLoad> loads, Instant now) {
        return ScalePolicy.decide(NAT, loads, 0, CHANGED, now);
    }

    @Test
    void anInstanceAboveScaleOutAddsOneAndNamesTheBusiest() {
        ScaleDecision decision = decide(loads(0.5, 0.92), LATER);

        assertThat(decision).isInstanceOf(ScaleDecision.ScaleOut.class);
        assertThat(((ScaleDecision.ScaleOut) decision).busiest().instance()).isEqualTo("nat2");
        assertThat(decision.reason()).isEqualTo("nat2 on mh2 at 92% is above SCALE_OUT 80%");
    }

    @Test
    void nothingChangesWithinTheCoolDownOrAtMax() {
        assertThat(decide(loads(0.95), CHANGED.plusSeconds(10)))
                .isEqualTo(new ScaleDecision.Hold("nat changed 10 s ago; COOL_DOWN 30 s"));
        assertThat(decide(loads(0.9, 0.95, 0.9), LATER))
                .isEqualTo(new ScaleDecision.Hold("nat2 at 95% is above SCALE_OUT 80% but the group is at MAX 3"));
    }

    @Test
    void everyInstanceBelowScaleInDrainsTheIdlestUnlessTheOthersWouldPassScaleOut() {
        ScaleDecision decision = decide(loads(0.2, 0.1, 0.25), LATER);
        assertThat(decision).isInstanceOf(ScaleDecision.ScaleIn.class);
        assertThat(((ScaleDecision.ScaleIn) decision).drain().instance()).isEqualTo("nat2");
        assertThat(decision.reason()).contains("the others would average 28%");

        // Tight thresholds: the two left would average 90%, which the next round would scale out again.
        ScalingGroup tight = new ScalingGroup("nat", 1, 3, 0.5, 0.45, 30);
        assertThat(ScalePolicy.decide(tight, loads(0.44, 0.44), 0, CHANGED, LATER))
                .isInstanceOf(ScaleDecision.Hold.class)
                .extracting(ScaleDecision::reason)
                .asString()
                .contains("would average 88%, above SCALE_OUT");
        // At MIN nothing is drained.
        assertThat(decide(loads(0.05), LATER)).isInstanceOf(ScaleDecision.Hold.class);
    }

    @Test
    void loadsBetweenTheThresholdsHold() {
        assertThat(decide(loads(0.5, 0.6), LATER))
                .isEqualTo(new ScaleDecision.Hold(
                        "2 instances of nat between SCALE_IN and SCALE_OUT (the busiest at 60%)"));
    }

    @Test
    void boundsComeBeforeTheCoolDownAndUnmeasuredInstancesHoldTheRest() {
        ScalingGroup atLeastTwo = new ScalingGroup("nat", 2, 3, 0.8, 0.3, 30);
        assertThat(ScalePolicy.decide(atLeastTwo, loads(0.1), 0, CHANGED, CHANGED))
                .isInstanceOf(ScaleDecision.ScaleOut.class)
                .extracting(ScaleDecision::reason)
                .isEqualTo("1 instances of nat, fewer than MIN 2");
        assertThat(ScalePolicy.decide(NAT, loads(0.5, 0.5, 0.5, 0.1), 0, CHANGED, CHANGED))
                .isInstanceOf(ScaleDecision.ScaleIn.class)
                .extracting(d -> ((ScaleDecision.ScaleIn) d).drain().instance())
                .isEqualTo("nat4");
        assertThat(ScalePolicy.decide(NAT, loads(0.99), 1, CHANGED, LATER))
                .isEqualTo(new ScaleDecision.Hold("1 of 2 instances of nat not measured yet"));
        assertThat(ScalePolicy.decide(NAT, List.of(), 1, CHANGED, LATER))
                .isEqualTo(new ScaleDecision.Hold("no instance of nat measured yet"));
    }
}
