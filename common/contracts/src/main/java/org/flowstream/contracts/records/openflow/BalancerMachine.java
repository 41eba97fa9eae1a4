package org.flowstream.contracts.records.openflow;

import java.util.List;
import org.flowstream.contracts.records.WireName;

/**
 * A machine behind a load balancer, in its status.
 *
 * @param port     the switch port it hangs off
 * @param capacity its relative processing power
 * @param prefixes the prefixes assigned to it
 * @param load     its load in the last measured period
 * @param share    its fraction of that period's total load
 */
@WireName("a balancer machine")
public record BalancerMachine(
        String name, int port, double capacity, List<String> prefixes, double load, double share) {}
