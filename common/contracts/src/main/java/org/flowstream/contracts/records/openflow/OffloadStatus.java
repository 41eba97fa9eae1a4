package org.flowstream.contracts.records.openflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * A heavy-hitter offload's status (§2.4): tfo_status' answer (one per offload without an id), and the answer of
 * tfo_configure (with {@code change}) and tfo_round. Its configuration keys are those of tfo_configure's request
 * (docs/tfo.md).
 *
 * @param inPort         the port whose traffic is offloaded, when the configuration names one
 * @param offloaded      the prefixes whose traffic takes the fast path now
 * @param rules          how many rules the offload owns on the switch
 * @param reportsPending tfo_report reports in the current round
 * @param lastRound      what the last round did, once one ran
 * @param change         what installing the configuration did (tfo_configure)
 */
@WireName("an offload's status")
public record OffloadStatus(
        long offloadId,
        @JsonProperty("switch") String switchName,
        String cookie,
        @MayBeOmitted Integer inPort,
        int softwarePort,
        int fastPathPort,
        int capacity,
        double factor,
        List<Integer> windows,
        long intervalMillis,
        List<String> offloaded,
        int rules,
        int reportsPending,
        @MayBeOmitted OffloadRound lastRound,
        @MayBeOmitted RuleChange change) {}
