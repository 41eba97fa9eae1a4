package org.flowstream.contracts.records.openflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.flowstream.contracts.records.WireName;

/**
 * What a change of one owner's rules did: delete_connections', lb_remove's and tfo_remove's answer, and the
 * {@code change} of a balancer's or offload's status after a change.
 *
 * @param added   rules sent to the switch
 * @param removed rules taken off it
 * @param applied whether the switch took them (false: not connected; they wait for it)
 * @param message what happened, in words
 */
@WireName("a rule change")
public record RuleChange(
        @JsonProperty("switch") String switchName, int added, int removed, boolean applied, String message) {}
