package org.flowstream.openflow.balancing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flowstream.balancer.BalancerTopology;
import org.flowstream.balancer.BalancerTuning;
import org.flowstream.balancer.Machine;
import org.flowstream.contracts.records.openflow.BalancerConfig;
import org.flowstream.contracts.records.openflow.BalancerConfig.MachinePort;
import org.flowstream.openflow.rules.Cookies;

/**
 * The openflow daemon's reading of a {@link BalancerConfig} (the lb_configure contract): the defaults of what
 * an operator left out, the checks that refuse what the balancer could not run with (naming the field), and
 * what the balancer library is handed (topology, tuning, machines) and what the rules are tagged with.
 */
public final class BalancerConfigs {

    public static final int DEFAULT_VLAN_SRC = 4001;
    public static final int DEFAULT_VLAN_DST = 4002;
    public static final Set<String> LOAD_SOURCES = Set.of("auto", "reports", "counters");

    private BalancerConfigs() {}

    /** The same request with every optional value filled in. */
    public static BalancerConfig withDefaults(BalancerConfig c) {
        List<MachinePort> ms = c.machines().stream()
                .map(m -> m == null ? null : withDefaults(m))
                .toList();
        String def = c.defaultMachine();
        if ((def == null || def.isBlank())
                && !ms.isEmpty()
                && ms.stream().allMatch(m -> m != null && m.capacity() != null)) {
            MachinePort best = ms.get(0);
            for (MachinePort m : ms) if (m.capacity() > best.capacity()) best = m;
            def = best.name();
        }
        return new BalancerConfig(
                c.id(),
                c.switchName(),
                ms,
                def,
                c.maxImbalance() == null ? BalancerTuning.DEFAULT.maxImbalance() : c.maxImbalance(),
                c.chunkThreshold() == null ? BalancerTuning.DEFAULT.chunkThreshold() : c.chunkThreshold(),
                c.sourceSidePort(),
                c.destinationSidePort(),
                c.vlanSrc() == null ? DEFAULT_VLAN_SRC : c.vlanSrc(),
                c.vlanDst() == null ? DEFAULT_VLAN_DST : c.vlanDst(),
                c.loadSource() == null ? "auto" : c.loadSource(),
                c.intervalMillis() == null ? 10_000L : c.intervalMillis());
    }

    /** The machine with its default name ("port&lt;N&gt;") when it has none. */
    public static MachinePort withDefaults(MachinePort m) {
        String name = m.name() == null || m.name().isBlank() ? m.port() == null ? null : "port" + m.port() : m.name();
        return new MachinePort(name, m.port(), m.capacity());
    }

    /** Refuses a configuration the balancer cannot run with; call on {@link #withDefaults(BalancerConfig)}. */
    public static BalancerConfig check(BalancerConfig c) {
        if (c.id() == null) throw new IllegalArgumentException("id is required");
        Cookies.cookie(Cookies.OwnerKind.LOAD_BALANCER, c.id()); // checks the range
        if (c.switchName() == null || c.switchName().isBlank())
            throw new IllegalArgumentException("switch_name is required");
        if (c.machines().isEmpty()) throw new IllegalArgumentException("machines: at least one machine is required");
        if (c.sourceSidePort() == null) throw new IllegalArgumentException("source_side_port is required");
        if (c.destinationSidePort() == null) throw new IllegalArgumentException("destination_side_port is required");
        topology(c); // checks the outside ports and the tags
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>(List.of(c.sourceSidePort(), c.destinationSidePort()));
        for (MachinePort m : c.machines()) {
            if (m == null) throw new IllegalArgumentException("machines: an entry is empty");
            check(m);
            if (!names.add(m.name()))
                throw new IllegalArgumentException("machine %s is listed twice".formatted(m.name()));
            if (!ports.add(m.port())) {
                throw new IllegalArgumentException(
                        "machine %s: port %d is already used by another machine or an outside port"
                                .formatted(m.name(), m.port()));
            }
        }
        if (c.machine(c.defaultMachine()) == null)
            throw new IllegalArgumentException(
                    "default_machine %s is not one of the machines".formatted(c.defaultMachine()));
        tuning(c);
        if (!LOAD_SOURCES.contains(c.loadSource()))
            throw new IllegalArgumentException(
                    "load_source must be one of auto, reports, counters; got " + c.loadSource());
        if (c.intervalMillis() < 0) throw new IllegalArgumentException("interval_millis must be >= 0");
        return c;
    }

    /** Refuses a machine without a port or a positive capacity; call on {@link #withDefaults(MachinePort)}. */
    public static MachinePort check(MachinePort m) {
        String name = m.name();
        if (m.port() == null)
            throw new IllegalArgumentException("machine %s: port is required".formatted(name == null ? "" : name));
        if (m.port() < 1 || m.port() > 0xFFFFFF00L)
            throw new IllegalArgumentException("machine %s: port %d is not a switch port".formatted(name, m.port()));
        if (m.capacity() == null)
            throw new IllegalArgumentException("machine %s: capacity is required".formatted(name));
        if (!(m.capacity() > 0) || m.capacity().isInfinite()) {
            throw new IllegalArgumentException(
                    "machine %s: capacity must be a positive number, got %s".formatted(name, m.capacity()));
        }
        return m;
    }

    /**
     * §2.2.4: the default machine keeps everything nobody else takes, so a fresh balancer starts with one of
     * the most capacity. (Machines added later may be larger; the default then stays where it is.)
     */
    public static BalancerConfig checkDefaultIsLargest(BalancerConfig c) {
        MachinePort def = c.machine(c.defaultMachine());
        for (MachinePort m : c.machines()) {
            if (m.capacity() > def.capacity()) {
                throw new IllegalArgumentException(
                        "default_machine %s must have the largest capacity, but %s has %s > %s"
                                .formatted(def.name(), m.name(), m.capacity(), def.capacity()));
            }
        }
        return c;
    }

    public static BalancerTopology topology(BalancerConfig c) {
        return new BalancerTopology(c.sourceSidePort(), c.destinationSidePort(), c.vlanSrc(), c.vlanDst());
    }

    public static BalancerTuning tuning(BalancerConfig c) {
        return new BalancerTuning(c.maxImbalance(), c.chunkThreshold(), BalancerTuning.DEFAULT.maxDepth());
    }

    /** The machines in the order the balancer gets them: the default machine first (it wins ties of capacity). */
    public static List<Machine> balancerMachines(BalancerConfig c) {
        List<Machine> list = new ArrayList<>();
        list.add(machine(c.machine(c.defaultMachine())));
        c.machines().stream().filter(m -> !m.name().equals(c.defaultMachine())).forEach(m -> list.add(machine(m)));
        return list;
    }

    public static Machine machine(MachinePort m) {
        return new Machine(m.name(), m.capacity(), m.port());
    }

    /** The cookie the balancer's rules carry. */
    public static long cookie(BalancerConfig c) {
        return Cookies.cookie(Cookies.OwnerKind.LOAD_BALANCER, c.id());
    }
}
