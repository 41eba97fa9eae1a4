/**
 * The one implementation of moving per-flow state between two running instances of a PM (§2.3, docs/migration.md),
 * written over the pm_flows contract ({@link org.flowstream.contracts.records.modulehost.PmFlowsRequest}) so that
 * every driver runs the same steps: {@link org.flowstream.contracts.move.FlowMove} (total copy, OpenNF's
 * loss-free and order-preserving move) and {@link org.flowstream.contracts.move.PhasedMove} (§2.3.2's idle phase
 * and iterative freeze-and-copy). A driver supplies a {@link org.flowstream.contracts.move.PmFlows} per PM (the
 * module host's in-process channel, or pm_flows over XML-RPC from the resource daemon), a
 * {@link org.flowstream.contracts.move.Rewire} (the switch's part) and, to journal the move, a
 * {@link org.flowstream.contracts.move.MoveListener}.
 */
package org.flowstream.contracts.move;
