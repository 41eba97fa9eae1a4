package org.flowstream.contracts.records.modulehost;

import org.flowstream.contracts.records.WireName;

/**
 * A packet the old instance held during a move and hands over (pm_flows hand_over answers a list of them; release
 * takes them back at the new instance).
 *
 * @param port   the PM input it arrived on
 * @param buffer its buffer (virtio header and frame), base64
 * @param heldUs how long it had been held when it left, in µs
 */
@WireName("a handed-over packet")
public record HandedOverPacket(int port, String buffer, int heldUs) {}
