package org.flowstream.contracts.records.openflow;

import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * A PM on a wiring path: the switch port it receives on and the one it sends back on. {@code port} says both at
 * once; {@code inPort} and {@code outPort} override it.
 *
 * @param name    the PM's name in rules and answers (default "pm&lt;index&gt;")
 * @param port    the one switch port it receives and sends on
 * @param inPort  the switch port it receives on
 * @param outPort the switch port it sends back on (default: inPort)
 */
@WireName("a wiring hop")
public record WiringHop(
        @MayBeOmitted String name,
        @MayBeOmitted Long port,
        @MayBeOmitted Long inPort,
        @MayBeOmitted Long outPort) {}
