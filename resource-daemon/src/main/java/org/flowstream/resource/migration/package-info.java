/**
 * migrate_flows (§2.3, issue 15, the controller's side): moves a running PM of an allocation to another module
 * host with its per-flow state, loss-free and order-preserving per flow. {@link
 * org.flowstream.resource.migration.FlowMigrations} checks the request and runs it as a task; {@link
 * org.flowstream.resource.migration.CrossHostMove} is the freeze-and-copy across two module hosts' {@code pm_flows}
 * control channels; the switch is rewired through the openflow daemon like any allocation's wiring.
 */
package org.flowstream.resource.migration;
