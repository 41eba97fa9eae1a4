/**
 * Moving per-flow state between two running instances of a PM, loss-free and order-preserving per flow (§2.3,
 * OpenNF's move): {@link org.flowstream.modulehost.migrate.FlowMove} drives the two PMs' control channels, through
 * their module hosts' {@code pm_flows}, and the switch through a {@link org.flowstream.modulehost.migrate.Rewire}.
 */
package org.flowstream.modulehost.migrate;
