package org.flowstream.contracts.records.openflow;

import org.flowstream.contracts.records.WireName;

/**
 * One rule the openflow daemon keeps on a switch (its desired state): an item of list_rules, and the rules of
 * create_connections' answer.
 *
 * @param match   the match in ovs-ofctl syntax
 * @param actions the actions, comma-separated ("drop" for none)
 * @param cookie  its owner's cookie, in hex
 * @param owner   its owner in words ("allocation 7", "load balancer 1")
 */
@WireName("a list_rules rule")
public record RuleListing(int table, int priority, String match, String actions, String cookie, String owner) {}
