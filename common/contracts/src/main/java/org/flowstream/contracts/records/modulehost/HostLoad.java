package org.flowstream.contracts.records.modulehost;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.flowstream.contracts.records.WireName;

/**
 * get_load's answer, also the parameter of host_heartbeat: the host's CPU and memory, what its PMs reserve,
 * and per PM its use and port counters. Figures are read fresh on every call.
 *
 * @param loadAverage1m     /proc/loadavg's first figure, -1 when unknown
 * @param pmStartup         how PM JVMs start on this host (mode, AOT cache state)
 */
@WireName("get_load's answer")
public record HostLoad(
        String host,
        double cpuCores,
        @JsonProperty("load_average_1m") double loadAverage1m,
        long memoryTotalMb,
        long memoryAvailableMb,
        int cpuPercentReserved,
        long memoryMbReserved,
        List<PmLoad> pms,
        PmStartup pmStartup) {}
