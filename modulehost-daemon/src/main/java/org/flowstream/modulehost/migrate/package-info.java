/**
 * The module host's side of moving per-flow state between running PMs: the moves themselves are the contracts'
 * {@link org.flowstream.contracts.move.FlowMove} and {@link org.flowstream.contracts.move.PhasedMove} (one
 * implementation for every driver); {@link org.flowstream.modulehost.migrate.ModuleHostFlowStates} lets them reach
 * PMs through a module host daemon's pm_flows.
 */
package org.flowstream.modulehost.migrate;
