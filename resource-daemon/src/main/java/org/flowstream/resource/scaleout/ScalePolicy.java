package org.flowstream.resource.scaleout;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.flowstream.lang.model.ScalingGroup;

/**
 * Decides, from a group's measured instance loads, whether it grows, shrinks or stays (docs/migration.md,
 * "Scale-out"). In this order:
 *
 * <ol>
 *   <li>fewer instances than MIN, or more than MAX: back within the bounds (the cool-down does not hold this up);
 *   <li>within COOL_DOWN of the last change: wait, the balancer has not yet seen the new spread;
 *   <li>an instance above SCALE_OUT: one more instance (unless at MAX), taking part of the busiest one's traffic;
 *   <li>every instance below SCALE_IN (and more than MIN): drain the least loaded one, but only if the others can
 *       take its traffic and stay below SCALE_OUT; otherwise the next round would scale out again (flapping).
 * </ol>
 *
 * An instance that has not been measured yet holds everything: a decision on part of the group's load would be
 * wrong.
 */
public final class ScalePolicy {

    private ScalePolicy() {}

    /**
     * @param loads the group's running instances the monitoring daemon's report covers, with their loads
     * @param unmeasured how many running instances the monitoring daemon's report does not cover yet
     * @param lastChange when the group last grew or shrank (the allocation's install for a new group)
     */
    public static ScaleDecision decide(
            ScalingGroup group, List<InstanceLoad> loads, int unmeasured, Instant lastChange, Instant now) {
        if (loads.isEmpty()) {
            return new ScaleDecision.Hold("no instance of %s measured yet".formatted(group.pm()));
        }
        int instances = loads.size() + unmeasured;
        InstanceLoad busiest = loads.stream()
                .max(Comparator.comparingDouble(InstanceLoad::load))
                .orElseThrow();
        InstanceLoad idlest = loads.stream()
                .min(Comparator.comparingDouble(InstanceLoad::load))
                .orElseThrow();
        if (instances < group.minInstances()) {
            return new ScaleDecision.ScaleOut(
                    busiest,
                    "%d instances of %s, fewer than MIN %d".formatted(instances, group.pm(), group.minInstances()));
        }
        if (instances > group.maxInstances()) {
            return new ScaleDecision.ScaleIn(
                    idlest,
                    "%d instances of %s, more than MAX %d".formatted(instances, group.pm(), group.maxInstances()));
        }
        if (unmeasured > 0) {
            return new ScaleDecision.Hold(
                    "%d of %d instances of %s not measured yet".formatted(unmeasured, instances, group.pm()));
        }
        Duration sinceChange = Duration.between(lastChange, now);
        Duration coolDown = Duration.ofSeconds(group.coolDownSeconds());
        if (sinceChange.compareTo(coolDown) < 0) {
            return new ScaleDecision.Hold("%s changed %d s ago; COOL_DOWN %d s"
                    .formatted(group.pm(), sinceChange.toSeconds(), group.coolDownSeconds()));
        }
        if (busiest.load() > group.scaleOutAbove()) {
            if (instances >= group.maxInstances()) {
                return new ScaleDecision.Hold("%s at %s is above SCALE_OUT %s but the group is at MAX %d"
                        .formatted(
                                busiest.instance(),
                                percent(busiest.load()),
                                percent(group.scaleOutAbove()),
                                instances));
            }
            return new ScaleDecision.ScaleOut(
                    busiest,
                    "%s on %s at %s is above SCALE_OUT %s"
                            .formatted(
                                    busiest.instance(),
                                    busiest.host(),
                                    percent(busiest.load()),
                                    percent(group.scaleOutAbove())));
        }
        if (busiest.load() < group.scaleInBelow() && instances > group.minInstances()) {
            double total = loads.stream().mapToDouble(InstanceLoad::load).sum();
            double afterDrain = total / (instances - 1);
            if (afterDrain >= group.scaleOutAbove()) {
                return new ScaleDecision.Hold(
                        "every instance of %s is below SCALE_IN, but without one the others ".formatted(group.pm())
                                + "would average %s, above SCALE_OUT".formatted(percent(afterDrain)));
            }
            return new ScaleDecision.ScaleIn(
                    idlest,
                    "every instance of %s is below SCALE_IN %s (the busiest at %s); the others would average %s"
                            .formatted(
                                    group.pm(),
                                    percent(group.scaleInBelow()),
                                    percent(busiest.load()),
                                    percent(afterDrain)));
        }
        return new ScaleDecision.Hold("%d instances of %s between SCALE_IN and SCALE_OUT (the busiest at %s)"
                .formatted(instances, group.pm(), percent(busiest.load())));
    }

    private static String percent(double fraction) {
        return "%.0f%%".formatted(fraction * 100);
    }
}
