package org.flowstream.resource.scaleout;

/** What {@link ScalePolicy} decided for a group, with the reason in words (for the log and the allocation). */
public sealed interface ScaleDecision {

    String reason();

    /** Leave the group as it is. */
    record Hold(String reason) implements ScaleDecision {}

    /** Add an instance and give it part of {@code busiest}'s traffic (prefixes, with their state). */
    record ScaleOut(InstanceLoad busiest, String reason) implements ScaleDecision {}

    /** Move {@code drain}'s traffic, with its state, to the other instances, then stop it. */
    record ScaleIn(InstanceLoad drain, String reason) implements ScaleDecision {}
}
