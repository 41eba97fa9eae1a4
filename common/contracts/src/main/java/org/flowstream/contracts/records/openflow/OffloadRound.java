package org.flowstream.contracts.records.openflow;

import java.util.List;
import org.flowstream.contracts.records.WireName;

/**
 * What one offload round did.
 *
 * @param at              when it ran (ISO-8601)
 * @param reportedPackets software-path packets tfo_report reported in the round
 * @param countedPackets  fast-path packets the switch's counters showed
 * @param additions       prefixes moved to the fast path
 * @param removals        prefixes moved back to the software path
 * @param message         what happened, in words
 */
@WireName("an offload round")
public record OffloadRound(
        String at,
        double reportedPackets,
        double countedPackets,
        List<String> additions,
        List<String> removals,
        String message) {}
