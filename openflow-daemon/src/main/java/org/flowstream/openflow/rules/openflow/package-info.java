/**
 * The rule manager's switch driver over OpenFlow (OpenFlowJ-Loxi): {@link
 * org.flowstream.openflow.rules.openflow.FlowMessages} builds the flow-mods and flow statistics requests, one
 * implementation per protocol version; {@link org.flowstream.openflow.rules.openflow.OpenflowSwitchDriver} sends
 * them over a switch's connection; {@link org.flowstream.openflow.rules.openflow.OpenflowSwitchDrivers} finds it
 * for a connected switch.
 */
package org.flowstream.openflow.rules.openflow;
