/**
 * The openflow daemon's adapter for the {@link org.flowstream.balancer prefix load balancer}: it runs balancers on
 * real switches. {@link org.flowstream.openflow.balancing.BalancerService} (the {@code lb_*} methods) owns them;
 * {@link org.flowstream.contracts.records.openflow.BalancerConfig} is what an operator configures (the {@code
 * lb_configure} contract, also what is saved) and {@link org.flowstream.openflow.balancing.BalancerConfigs} its
 * defaults and checks; {@link org.flowstream.openflow.balancing.BalancerPlan} is a configuration with its
 * assignment and rules; {@link org.flowstream.openflow.balancing.LiveBalancer} one running balancer with its
 * {@link org.flowstream.openflow.balancing.LoadMeasurement}; {@link
 * org.flowstream.openflow.balancing.BalancerFlowRules} turns the balancer's rules into the rule manager's; {@link
 * org.flowstream.openflow.balancing.BalancerStore} keeps them across restarts.
 */
package org.flowstream.openflow.balancing;
