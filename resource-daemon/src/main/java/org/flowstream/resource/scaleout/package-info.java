/**
 * Reactive scale-out and scale-in of a PM group (§2.3.4, issue 15; docs/migration.md, "Scale-out"): a PM the request
 * marks with {@code GROUP=} ({@link org.flowstream.lang.model.ScalingGroup}) runs as several instances; {@link
 * org.flowstream.resource.scaleout.GroupLoads} turns the monitoring daemon's report (report_stats) into each
 * instance's load as a fraction of the CPU it was given, and {@link org.flowstream.resource.scaleout.ScalePolicy}
 * decides from those loads, the group's thresholds and its cool-down whether to add an instance, drain one, or wait.
 * Carrying a decision out (placing and starting the instance, splitting the switch's traffic by prefix, moving the
 * prefixes' state) is not built yet.
 */
package org.flowstream.resource.scaleout;
