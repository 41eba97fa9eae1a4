package org.flowstream.contracts.records.openflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.flowstream.contracts.records.WireName;

/**
 * One rule on one switch with its counters, as the switch last reported them.
 *
 * @param match       the match in ovs-ofctl syntax
 * @param actions     the actions, comma-separated ("drop" for none)
 * @param cookie      its owner's cookie, in hex
 * @param owner       its owner in words
 * @param durationSec how long it has been on the switch
 */
@WireName("a rule's counters")
public record RuleCounters(
        int table,
        int priority,
        String match,
        String actions,
        String cookie,
        String owner,
        @JsonProperty("switch") String switchName,
        long packets,
        long bytes,
        long durationSec) {}
