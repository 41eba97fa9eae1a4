package org.flowstream.lang.model;

/**
 * A link of the service DAG: {@code from[fromPort] -> [toPort]to}.
 *
 * @param packetsPerSecond the traffic to reserve along it (§3.2.2 b_i); 0 when the request gives none
 */
public record Connection(String from, int fromPort, String to, int toPort, double packetsPerSecond) {}
