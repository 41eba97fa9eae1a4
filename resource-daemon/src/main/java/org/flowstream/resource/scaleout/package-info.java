/**
 * Reactive scale-out and scale-in of a PM group (§2.3.4, issue 15; docs/migration.md, "Scale-out"): a PM the request
 * marks with {@code GROUP=} ({@link org.flowstream.lang.model.ScalingGroup}) runs as several instances; {@link
 * org.flowstream.resource.scaleout.GroupLoads} turns the monitoring daemon's report (report_stats) into each
 * instance's load as a fraction of the CPU it was given, and {@link org.flowstream.resource.scaleout.ScalePolicy}
 * decides from those loads, the group's thresholds and its cool-down whether to add an instance, drain one, or wait.
 * A NAT group's traffic moves in {@link org.flowstream.resource.scaleout.GroupUnit units} (an inside prefix and its
 * external address, {@link org.flowstream.resource.scaleout.NatUnits}), which {@link
 * org.flowstream.resource.scaleout.GroupWiring} splits the allocation's wiring by. The group's members and their units
 * are kept in a {@link org.flowstream.resource.scaleout.GroupStore}; {@link
 * org.flowstream.resource.scaleout.GroupScaler} carries decisions out (a new member started, units moved with their
 * state, a drained member stopped), moving the units {@link org.flowstream.resource.scaleout.UnitChoice} chooses by
 * each unit's packet rate on the switch ({@link org.flowstream.resource.scaleout.UnitRates}).
 */
package org.flowstream.resource.scaleout;
