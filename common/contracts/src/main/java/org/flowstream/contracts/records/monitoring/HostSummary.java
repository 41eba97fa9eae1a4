package org.flowstream.contracts.records.monitoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * One module host in the summary. The load figures and PMs are left out until the host first answered.
 *
 * @param up           answering our polls and heartbeating to the resource daemon
 * @param pollsUp      answering our polls
 * @param heartbeatsUp heartbeating to the resource daemon, as its list_hosts says
 */
@WireName("a host's summary")
public record HostSummary(
        String name,
        String url,
        boolean up,
        int consecutiveMisses,
        long totalMisses,
        String lastError,
        String lastAnswer,
        boolean pollsUp,
        boolean heartbeatsUp,
        @MayBeOmitted Double cpuCores,
        @MayBeOmitted @JsonProperty("load_average_1m") Double loadAverage1m,
        @MayBeOmitted Long memoryTotalMb,
        @MayBeOmitted Long memoryAvailableMb,
        @MayBeOmitted List<PmSummary> pms) {}
