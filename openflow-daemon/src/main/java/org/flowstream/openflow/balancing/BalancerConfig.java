package org.flowstream.openflow.balancing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowstream.balancer.BalancerTopology;
import org.flowstream.balancer.BalancerTuning;
import org.flowstream.balancer.Machine;
import org.flowstream.openflow.rules.Cookies;

/**
 * What an operator configures for one prefix load balancer on one switch (§2.2): the machines (one switch
 * port each, with a capacity), the outside ports and VLAN tags of §2.2.6, and the algorithm's knobs. It is
 * both the {@code lb_configure} request (snake_case keys) and what the daemon saves. Optional values are
 * filled with their defaults by {@link #withDefaults()}; {@link #check()} refuses anything the balancer
 * could not run with, naming the field.
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
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BalancerConfig(
        Long id,
        String switchName,
        List<MachinePort> machines,
        String defaultMachine,
        Double maxImbalance,
        Double chunkThreshold,
        Integer sourceSidePort,
        Integer destinationSidePort,
        Integer vlanSrc,
        Integer vlanDst,
        String loadSource,
        Long intervalMillis) {

    public static final int DEFAULT_VLAN_SRC = 4001;
    public static final int DEFAULT_VLAN_DST = 4002;
    public static final Set<String> LOAD_SOURCES = Set.of("auto", "reports", "counters");

    /**
     * One machine behind the switch.
     *
     * @param name     the machine's name (default "port&lt;N&gt;")
     * @param port     the switch port it hangs off
     * @param capacity its relative processing power (&gt; 0)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record MachinePort(String name, Integer port, Double capacity) {

        MachinePort withDefaults() {
            return new MachinePort(
                    name == null || name.isBlank() ? port == null ? null : "port" + port : name, port, capacity);
        }

        void check() {
            if (port == null)
                throw new IllegalArgumentException("machine %s: port is required".formatted(name == null ? "" : name));
            if (port < 1 || port > 0xFFFFFF00L)
                throw new IllegalArgumentException("machine %s: port %d is not a switch port".formatted(name, port));
            if (capacity == null)
                throw new IllegalArgumentException("machine %s: capacity is required".formatted(name));
            if (!(capacity > 0) || capacity.isInfinite()) {
                throw new IllegalArgumentException(
                        "machine %s: capacity must be a positive number, got %s".formatted(name, capacity));
            }
        }

        public Machine machine() {
            return new Machine(name, capacity, port);
        }
    }

    public BalancerConfig {
        machines = machines == null ? List.of() : List.copyOf(machines);
    }

    /** The same request with every optional value filled in. */
    public BalancerConfig withDefaults() {
        List<MachinePort> ms =
                machines.stream().map(m -> m == null ? null : m.withDefaults()).toList();
        String def = defaultMachine;
        if ((def == null || def.isBlank())
                && !ms.isEmpty()
                && ms.stream().allMatch(m -> m != null && m.capacity() != null)) {
            MachinePort best = ms.get(0);
            for (MachinePort m : ms) if (m.capacity() > best.capacity()) best = m;
            def = best.name();
        }
        return new BalancerConfig(
                id,
                switchName,
                ms,
                def,
                maxImbalance == null ? BalancerTuning.DEFAULT.maxImbalance() : maxImbalance,
                chunkThreshold == null ? BalancerTuning.DEFAULT.chunkThreshold() : chunkThreshold,
                sourceSidePort,
                destinationSidePort,
                vlanSrc == null ? DEFAULT_VLAN_SRC : vlanSrc,
                vlanDst == null ? DEFAULT_VLAN_DST : vlanDst,
                loadSource == null ? "auto" : loadSource,
                intervalMillis == null ? 10_000L : intervalMillis);
    }

    /** Refuses a configuration the balancer cannot run with; call on {@link #withDefaults()}. */
    public BalancerConfig check() {
        if (id == null) throw new IllegalArgumentException("id is required");
        Cookies.cookie(Cookies.OwnerKind.LOAD_BALANCER, id); // checks the range
        if (switchName == null || switchName.isBlank()) throw new IllegalArgumentException("switch_name is required");
        if (machines.isEmpty()) throw new IllegalArgumentException("machines: at least one machine is required");
        if (sourceSidePort == null) throw new IllegalArgumentException("source_side_port is required");
        if (destinationSidePort == null) throw new IllegalArgumentException("destination_side_port is required");
        topology(); // checks the outside ports and the tags
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>(List.of(sourceSidePort, destinationSidePort));
        for (MachinePort m : machines) {
            if (m == null) throw new IllegalArgumentException("machines: an entry is empty");
            m.check();
            if (!names.add(m.name()))
                throw new IllegalArgumentException("machine %s is listed twice".formatted(m.name()));
            if (!ports.add(m.port())) {
                throw new IllegalArgumentException(
                        "machine %s: port %d is already used by another machine or an outside port"
                                .formatted(m.name(), m.port()));
            }
        }
        if (machine(defaultMachine) == null)
            throw new IllegalArgumentException(
                    "default_machine %s is not one of the machines".formatted(defaultMachine));
        tuning();
        if (!LOAD_SOURCES.contains(loadSource))
            throw new IllegalArgumentException("load_source must be one of auto, reports, counters; got " + loadSource);
        if (intervalMillis < 0) throw new IllegalArgumentException("interval_millis must be >= 0");
        return this;
    }

    /**
     * §2.2.4: the default machine keeps everything nobody else takes, so a fresh balancer starts with one of
     * the most capacity. (Machines added later may be larger; the default then stays where it is.)
     */
    public BalancerConfig checkDefaultIsLargest() {
        MachinePort def = machine(defaultMachine);
        for (MachinePort m : machines) {
            if (m.capacity() > def.capacity()) {
                throw new IllegalArgumentException(
                        "default_machine %s must have the largest capacity, but %s has %s > %s"
                                .formatted(def.name(), m.name(), m.capacity(), def.capacity()));
            }
        }
        return this;
    }

    public MachinePort machine(String name) {
        for (MachinePort m : machines) if (m.name().equals(name)) return m;
        return null;
    }

    public BalancerTopology topology() {
        return new BalancerTopology(sourceSidePort, destinationSidePort, vlanSrc, vlanDst);
    }

    public BalancerTuning tuning() {
        return new BalancerTuning(maxImbalance, chunkThreshold, BalancerTuning.DEFAULT.maxDepth());
    }

    /** The machines in the order the balancer gets them: the default machine first (it wins ties of capacity). */
    public List<Machine> balancerMachines() {
        List<Machine> list = new ArrayList<>();
        list.add(machine(defaultMachine).machine());
        machines.stream().filter(m -> !m.name().equals(defaultMachine)).forEach(m -> list.add(m.machine()));
        return list;
    }

    public long cookie() {
        return Cookies.cookie(Cookies.OwnerKind.LOAD_BALANCER, id);
    }

    /** Every port the configuration names, for checking them against the switch. */
    public Map<String, Integer> namedPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("source_side_port", sourceSidePort);
        ports.put("destination_side_port", destinationSidePort);
        machines.forEach(m -> ports.put("machine " + m.name(), m.port()));
        return ports;
    }

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
