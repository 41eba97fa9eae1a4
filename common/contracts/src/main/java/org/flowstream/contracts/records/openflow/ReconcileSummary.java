package org.flowstream.contracts.records.openflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.flowstream.contracts.records.WireName;

/**
 * What one reconciliation of a switch found and did: reconcile's answer, and list_switches' last_reconcile.
 *
 * @param desired     rules the daemon wants on the switch
 * @param unchanged   of those, already there
 * @param added       sent because they were missing
 * @param removed     taken off because no owner wants them
 * @param foreignKept rules of other controllers, left alone
 * @param at          when it ran (ISO-8601)
 * @param millis      how long it took
 */
@WireName("a reconciliation")
public record ReconcileSummary(
        @JsonProperty("switch") String switchName,
        int desired,
        int unchanged,
        int added,
        int removed,
        int foreignKept,
        String at,
        long millis) {}
