package org.flowstream.modulehost.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.common.netns.NetnsException;
import org.flowstream.common.netns.NetworkNamespace;
import org.flowstream.common.netns.VethPair;
import org.flowstream.modulehost.runtime.DaisyFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network side of one PM: its own namespace, and per port a veth pair whose inner end ({@code p<i>}) is in
 * that namespace and whose outer end ({@code fs<id>p<i>}) joins the platform switch. IPv6 is switched off on
 * both ends so the kernel adds no neighbour-discovery chatter of its own to the PM's traffic; the PM's
 * interfaces carry no addresses (the PM reads and writes raw frames).
 */
public final class PmNetwork {

    private static final Logger LOG = LoggerFactory.getLogger(PmNetwork.class);
    private static final String NETNS_DIR = "/var/run/netns";

    /**
     * Every port's MTU, both ends: an IP packet of 1,500 bytes plus the tag a move's daisy chain puts on a frame
     * ({@link DaisyFrames#TAG_BYTES}), so a full-size frame can be daisy-chained (Linux refuses to send, or to pass
     * through a veth, a frame longer than the interface's MTU allows).
     */
    public static final int MTU = 1500 + DaisyFrames.TAG_BYTES;

    private final String id;
    private final NetworkNamespace namespace;
    private final List<PmPort> ports;
    /** Ports made ahead (a warm pool's slot) that its PM does not use: not reported, removed with the network. */
    private final List<PmPort> spare = new ArrayList<>();

    private final OvsBridge switchPorts;

    private PmNetwork(String id, List<PmPort> ports, OvsBridge switchPorts) {
        this.id = id;
        this.namespace = NetworkNamespace.of(namespaceName(id));
        this.ports = ports;
        this.switchPorts = switchPorts;
    }

    /** Namespace name and port interface names for a PM instance id (6 hex digits). */
    public static String namespaceName(String id) {
        return "fspm-" + id;
    }

    public static String outerName(String id, int port) {
        return "fs" + id + "p" + port; // at most 11 characters, within IFNAMSIZ
    }

    /** Creates the namespace and the ports; on failure removes what it made and rethrows. */
    public static PmNetwork create(String id, int portCount, OvsBridge switchPorts) {
        PmNetwork network = createNamespace(id, switchPorts);
        network.addPorts(portCount);
        return network;
    }

    /**
     * Creates the PM's namespace, without ports yet ({@link #addPorts}): a PM's JVM can start in it while its ports
     * are made. On failure removes what it made and rethrows.
     */
    public static PmNetwork createNamespace(String id, OvsBridge switchPorts) {
        PmNetwork network = new PmNetwork(id, new ArrayList<>(), switchPorts);
        String ns = network.namespace.name();
        IpCommand.ip("netns", "add", ns);
        try {
            // Every interface registered in the namespace from now on (the inner ends) starts with IPv6 off.
            writeSysctl(ns, "net/ipv6/conf/default/disable_ipv6");
            IpCommand.ip("-n", ns, "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            network.delete();
            throw e;
        }
        return network;
    }

    /**
     * Adds the ports {@code p0 .. p<count-1>}, up, on the switch; on failure removes the whole network and rethrows.
     *
     * <p>This is on the critical path of every create_pm (it took about 70 % of a PM's start on a busy machine), so
     * it starts few processes and no {@code ip netns exec} (each of those makes a mount namespace): IPv6 is switched
     * off by writing the sysctls from a thread moved into the namespace ({@link InNamespace}), before the interfaces
     * exist (the PM's namespace's default, set by {@link #createNamespace}) or come up (the switch ends), {@code ip
     * -n} reaches a namespace without a shell, each pair is created with its ends already in their namespaces, and
     * all ports join the switch in one ovs-vsctl transaction: 11 processes for a 2-port PM instead of 21.
     */
    public void addPorts(int portCount) {
        try {
            NetworkNamespace switchNs =
                    switchPorts.switchNetns().isEmpty() ? null : NetworkNamespace.of(switchPorts.switchNetns());
            List<String> outers = new ArrayList<>();
            for (int i = 0; i < portCount; i++) {
                String outer = outerName(id, i);
                ports.add(new PmPort("p" + i, outer, -1, ""));
                VethPair.createInto(outer, switchNs, "p" + i, namespace);
                outers.add(outer);
            }
            // The switch ends are in the switch's namespace, whose default we leave alone: off one by one, before up.
            for (String outer : outers) {
                writeSysctl(switchPorts.switchNetns(), "net/ipv6/conf/" + outer + "/disable_ipv6");
                IpCommand.run(switchPorts.ipInSwitchNamespace("link", "set", outer, "mtu", "" + MTU, "up"));
            }
            for (PmPort port : ports) {
                IpCommand.ip("-n", namespace.name(), "link", "set", port.name(), "mtu", "" + MTU, "up");
            }
            Map<String, String> macs = macs(namespace);
            Map<String, Integer> ofports = switchPorts.addPorts(outers);
            ports.replaceAll(port -> new PmPort(
                    port.name(), port.interfaceName(), ofports.get(port.interfaceName()), macs.get(port.name())));
        } catch (RuntimeException e) {
            delete();
            throw e;
        }
    }

    /** Writes 1 to a sysctl under /proc/sys of a namespace ("" for this daemon's own). */
    private static void writeSysctl(String namespace, String key) {
        Path file = Path.of("/proc/sys", key);
        Callable<Void> write = () -> {
            if (Files.exists(file)) { // absent when the kernel has no IPv6: nothing to switch off then
                Files.writeString(file, "1");
            }
            return null;
        };
        try {
            if (namespace.isEmpty()) {
                write.call();
            } else {
                InNamespace.call(namespace, write);
            }
        } catch (Exception e) {
            throw new NetnsException("cannot set %s to 1%s: %s"
                    .formatted(file, namespace.isEmpty() ? "" : " in netns " + namespace, e.getMessage()));
        }
    }

    /** The MAC address of every link in a namespace, by name, from one {@code ip -o link show}. */
    private static Map<String, String> macs(NetworkNamespace ns) {
        return links(List.of("ip", "-n", ns.name(), "-o", "link", "show"));
    }

    /**
     * The names of the links where the switch's ports are and, if that is another namespace, where this daemon runs
     * (two processes at most): what is left of PM networks there.
     */
    public static Set<String> linkNames(OvsBridge switchPorts) {
        Set<String> names = new HashSet<>(linkNamesOrNone(switchPorts.ipInSwitchNamespace("-o", "link", "show")));
        if (!switchPorts.switchNetns().isEmpty()) {
            names.addAll(linkNamesOrNone(List.of("ip", "-o", "link", "show")));
        }
        return names;
    }

    /** None where {@code ip} cannot look (a namespace that is gone holds none of them either). */
    private static Set<String> linkNamesOrNone(List<String> ipLinkShow) {
        try {
            return links(ipLinkShow).keySet();
        } catch (NetnsException e) {
            return Set.of();
        }
    }

    /** Every link an {@code ip -o link show} command lists: its name (without "@peer") and MAC ("" for none). */
    private static Map<String, String> links(List<String> ipLinkShow) {
        Map<String, String> links = new HashMap<>();
        for (String line : IpCommand.run(ipLinkShow).split("\n")) {
            // "3: p0@if12: <BROADCAST,...> mtu 1500 ... link/ether 6e:...:01 brd ff:ff:ff:ff:ff:ff link-netns ..."
            String[] fields = line.split(":\\s+", 3);
            int at = line.indexOf("link/ether ");
            if (fields.length == 3) {
                links.put(
                        fields[1].split("@")[0],
                        at < 0 ? "" : line.substring(at + 11).strip().split("\\s+")[0]);
            }
        }
        return links;
    }

    /**
     * Keeps the first {@code used} ports as the PM's and sets the others aside (a warm slot's ports, made before its PM
     * said how many it needs): they stay, unused, until the network is deleted.
     */
    public void setAside(int used) {
        while (ports.size() > used) {
            spare.add(0, ports.remove(ports.size() - 1));
        }
    }

    public NetworkNamespace namespace() {
        return namespace;
    }

    public List<PmPort> ports() {
        return List.copyOf(ports);
    }

    /**
     * The network of a PM that outlived the daemon that made it (adopted by the next one): its namespace and
     * ports exist; the OpenFlow port numbers are read again from the switch, the MACs come from the PM's record.
     */
    public static PmNetwork existing(String id, List<String> macs, OvsBridge switchPorts) {
        return existing(id, macs, macs.size(), switchPorts);
    }

    /** As above, for a network of {@code portCount} ports of which the PM uses the first {@code macs.size()}. */
    public static PmNetwork existing(String id, List<String> macs, int portCount, OvsBridge switchPorts) {
        List<PmPort> ports = new ArrayList<>();
        for (int i = 0; i < macs.size(); i++) {
            ports.add(new PmPort("p" + i, outerName(id, i), switchPorts.ofport(outerName(id, i)), macs.get(i)));
        }
        PmNetwork network = new PmNetwork(id, ports, switchPorts);
        for (int i = macs.size(); i < portCount; i++) {
            network.spare.add(new PmPort("p" + i, outerName(id, i), -1, ""));
        }
        return network;
    }

    /** Removes the namespace and ports of a PM known only by its id and port count (after a daemon crash). */
    public static void deleteLeftover(String id, int portCount, OvsBridge switchPorts) {
        List<PmPort> ports = new ArrayList<>();
        for (int i = 0; i < portCount; i++) {
            ports.add(new PmPort("p" + i, outerName(id, i), -1, ""));
        }
        new PmNetwork(id, ports, switchPorts).delete();
    }

    /**
     * Removes the ports from the switch, the veth pairs and the namespace. Safe to call twice. An interrupt must not
     * cut it short: the daemon's shutdown interrupts its RPC threads, and an `ip netns delete` stopped half-way (a
     * CI run's bin/e2e caught one in a delete_pm as the module host was stopped) leaves a namespace that nothing
     * owns any more. So the work runs on a thread of its own, which nobody interrupts, and the caller waits for it
     * with {@link CompletableFuture#join}, which does not give up on an interrupt (it keeps the flag set).
     *
     * @return whether its own steps showed every part removed (each port taken off the switch and each veth pair
     *     deleted by name, and the namespace gone), so that the claim can go without listing them again; false when
     *     some step failed or found a part missing (a second delete, a half-made network): check before releasing
     */
    public boolean delete() {
        return CompletableFuture.supplyAsync(
                        this::deletePortsAndNamespace,
                        work -> Thread.ofVirtual().name("pm-network-delete").start(work))
                .join();
    }

    /**
     * Three processes whatever the port count (there were two {@code ip link delete} per port, plus {@code ip netns
     * list}): the switch ports go in one ovs-vsctl transaction, every veth pair in one {@code ip -batch} (deleting
     * the switch end takes the PM's end along, at once: the kernel tears a deleted namespace down later, in the
     * background, so relying on it left the switch ends there for a while), then the empty namespace. A pair whose
     * inner end never reached the namespace goes the same way.
     */
    private boolean deletePortsAndNamespace() {
        List<String> outers = new ArrayList<>();
        ports.forEach(port -> outers.add(port.interfaceName()));
        spare.forEach(port -> outers.add(port.interfaceName()));
        boolean offSwitch = switchPorts.deletePorts(outers);
        StringBuilder batch = new StringBuilder();
        outers.forEach(outer -> batch.append("link delete ").append(outer).append('\n'));
        // -force: one that is gone already does not stop the others (the exit code still says one was missing)
        boolean pairsDeleted =
                IpCommand.tryRun(switchPorts.ipInSwitchNamespace("-force", "-batch", "-"), batch.toString())
                                .exitCode()
                        == 0;
        if (namespaceExists(namespace.name())) {
            try {
                IpCommand.ip("netns", "delete", namespace.name());
            } catch (NetnsException e) {
                LOG.warn("cannot delete {}: {}", namespace, e.getMessage());
            }
        }
        return offSwitch && pairsDeleted && !namespaceExists(namespace.name());
    }

    /**
     * Whether a named namespace exists: its file under {@value #NETNS_DIR}, where {@code ip netns} keeps them (the
     * listing without a process).
     */
    public static boolean namespaceExists(String name) {
        return Files.exists(Path.of(NETNS_DIR, name));
    }
}
