package org.flowstream.contracts.records.openflow;

import org.flowstream.contracts.records.WireName;

/**
 * A switch port as the switch described it.
 *
 * @param port its number, or "LOCAL" for the bridge's own port
 * @param up   whether it is up (neither administratively down nor without link)
 */
@WireName("a switch port")
public record SwitchPortListing(String port, String name, String mac, boolean up) {}
