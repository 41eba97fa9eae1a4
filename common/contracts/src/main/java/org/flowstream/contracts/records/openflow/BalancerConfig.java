package org.flowstream.contracts.records.openflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * What an operator configures for one prefix load balancer on one switch (§2.2): the machines (one switch
 * port each, with a capacity), the outside ports and VLAN tags of §2.2.6, and the algorithm's knobs. It is
 * lb_configure's request and what the openflow daemon saves. The daemon fills the values left out with their
 * defaults and refuses what the balancer could not run with ({@code openflow.balancing.BalancerConfigs}); this
 * record is only the shape both sides agree on.
 *
 * @param id                  the balancer's id, owner id of its rules' cookie (0 to 2^48-1)
 * @param switchName          the switch (bridge) whose rules it owns
 * @param machines            the machines; at least one
 * @param defaultMachine      the machine keeping unassigned traffic; one of the most powerful (default: the
 *                            first of them)
 * @param maxImbalance        re-balance when a machine exceeds its share by this factor (&gt; 1; 1.1)
 * @param chunkThreshold      fraction of the average load below which chunks need not fit a fair share (0.2)
 * @param sourceSidePort      outside port whose traffic is balanced on its source address
 * @param destinationSidePort outside port whose traffic is balanced on its destination address
 * @param vlanSrc             tag of traffic that came in on the source side (4001: outside the range
 *                            create_connections hands out)
 * @param vlanDst             tag of traffic that came in on the destination side (4002)
 * @param loadSource          measured load used for re-balancing: "reports" (lb_report_load), "counters"
 *                            (the switch's rule counters) or "auto" (reports when any arrived in the period,
 *                            else counters)
 * @param intervalMillis      period between two re-balancing rounds; 0: only on request (lb_rebalance)
 */
@WireName("lb_configure's config")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class) // also the daemon's saved file
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BalancerConfig(
        Long id,
        String switchName,
        List<MachinePort> machines,
        @MayBeOmitted String defaultMachine,
        @MayBeOmitted Double maxImbalance,
        @MayBeOmitted Double chunkThreshold,
        Integer sourceSidePort,
        Integer destinationSidePort,
        @MayBeOmitted Integer vlanSrc,
        @MayBeOmitted Integer vlanDst,
        @MayBeOmitted String loadSource,
        @MayBeOmitted Long intervalMillis) {

    /**
     * One machine behind the switch: an entry of lb_configure's {@code machines}, and lb_add_machine's
     * {@code machine}.
     *
     * @param name     the machine's name (default "port&lt;N&gt;")
     * @param port     the switch port it hangs off
     * @param capacity its relative processing power (&gt; 0)
     */
    @WireName("a balancer's machine")
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record MachinePort(@MayBeOmitted String name, Integer port, Double capacity) {}

    public BalancerConfig {
        machines = machines == null ? List.of() : List.copyOf(machines);
    }

    /** The machine of that name, or null. */
    public MachinePort machine(String name) {
        for (MachinePort m : machines) if (m.name().equals(name)) return m;
        return null;
    }

    /** Every port the configuration names, by what it is, for checking them against the switch. */
    public Map<String, Integer> namedPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("source_side_port", sourceSidePort);
        ports.put("destination_side_port", destinationSidePort);
        machines.forEach(m -> ports.put("machine " + m.name(), m.port()));
        return ports;
    }

    /** The same configuration with other machines and default machine. */
    public BalancerConfig withMachines(List<MachinePort> list, String newDefault) {
        return new BalancerConfig(
                id,
                switchName,
                list,
                newDefault,
                maxImbalance,
                chunkThreshold,
                sourceSidePort,
                destinationSidePort,
                vlanSrc,
                vlanDst,
                loadSource,
                intervalMillis);
    }
}
