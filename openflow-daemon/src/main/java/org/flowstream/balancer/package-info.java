/**
 * The prefix load balancer of §2.2 as a library: no switch, no OpenFlow, no daemon (LibraryBoundaryTest holds it
 * to that). Read it in this order:
 *
 * <ul>
 *   <li>the inputs: {@link org.flowstream.balancer.Machine} (a machine behind the switch with a capacity),
 *       {@link org.flowstream.contracts.net.Ipv4Prefix} (from the contracts module: a node of the binary tree over the IPv4 space),
 *       {@link org.flowstream.balancer.PrefixLoads} (measured or assumed load per prefix) and
 *       {@link org.flowstream.balancer.BalancerTuning} (maximum imbalance, chunk threshold);
 *   <li>the algorithm: {@link org.flowstream.balancer.PrefixBalancer}, the full run of §2.2.4 and the incremental
 *       re-run of §2.2.5, stateless; its result is an {@link org.flowstream.balancer.Assignment} (prefixes to
 *       machines plus a default machine), measured by {@link org.flowstream.balancer.Imbalance};
 *   <li>the switch rules of §2.2.6 for an assignment: {@link org.flowstream.balancer.BalancerRule#of}, laid out by
 *       {@link org.flowstream.balancer.BalancerTopology} (outside ports and VLAN tags);
 *   <li>load measurement: {@link org.flowstream.balancer.TrafficSampler} (module hosts' 1-in-N sampling) and
 *       {@link org.flowstream.balancer.RuleCounterLoads} (load estimated from the rules' own counters).
 * </ul>
 *
 * <p>The benchmark ({@code bin/flowstream bench lb}) is in {@code bench}; the daemon adapter that runs balancers on
 * real switches is {@code org.flowstream.openflow.balancing}.
 */
package org.flowstream.balancer;
