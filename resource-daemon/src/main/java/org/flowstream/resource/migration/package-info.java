/**
 * Moving flows with their state between two running instances of a PM on different module hosts (§2.3, issue 15,
 * the controller's side), loss-free and order-preserving per flow. {@link
 * org.flowstream.resource.migration.FlowMigrations} is migrate_flows: it checks the request, runs it as a task and
 * settles a move a restart interrupted; {@link org.flowstream.resource.migration.JournaledMove} is every move on
 * this daemon (migrate_flows' and a scaling group's unit moves): the algorithm in the mode asked for (phased by
 * default, or total copy), the {@link org.flowstream.resource.migration.MoveJournal} and a phased move's daisy
 * paths ({@link org.flowstream.resource.migration.DaisyRules}); {@link
 * org.flowstream.resource.migration.CrossHostMove} adapts the contracts' algorithms to two module hosts' {@code
 * pm_flows} control channels; the switch is rewired through the openflow daemon like any allocation's wiring.
 */
package org.flowstream.resource.migration;
