package org.flowstream.modulehost.net;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.common.netns.NetnsException;
import org.flowstream.common.netns.NetworkNamespace;
import org.flowstream.common.netns.VethPair;
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

    private final NetworkNamespace namespace;
    private final List<PmPort> ports;
    private final OvsBridge switchPorts;

    private PmNetwork(NetworkNamespace namespace, List<PmPort> ports, OvsBridge switchPorts) {
        this.namespace = namespace;
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
        if (!switchPorts.bridgeExists()) {
            throw new NetnsException(
                    "%s does not exist (or Open vSwitch does not answer): create it, or set the module host's settings.bridge/ovsDb"
                            .formatted(switchPorts));
        }
        NetworkNamespace ns = NetworkNamespace.create(namespaceName(id));
        List<PmPort> ports = new ArrayList<>();
        PmNetwork network = new PmNetwork(ns, ports, switchPorts);
        try {
            for (int i = 0; i < portCount; i++) {
                String inner = "p" + i;
                String outer = outerName(id, i);
                VethPair pair = VethPair.createInto(outer, null, inner, ns);
                disableIpv6(ns, inner);
                ports.add(new PmPort(inner, outer, -1, ""));
                NetworkNamespace switchNs = null;
                if (!switchPorts.switchNetns().isEmpty()) {
                    IpCommand.ip("link", "set", outer, "netns", switchPorts.switchNetns());
                    switchNs = NetworkNamespace.of(switchPorts.switchNetns());
                }
                // After the move: a device entering a namespace takes that namespace's IPv6 defaults.
                disableIpv6(switchNs, outer);
                IpCommand.run(switchPorts.ipInSwitchNamespace("link", "set", outer, "up"));
                ns.run("ip", "link", "set", inner, "up");
                int ofport = switchPorts.addPort(outer);
                ports.set(i, new PmPort(inner, outer, ofport, pair.innerMac()));
            }
        } catch (RuntimeException e) {
            network.delete();
            throw e;
        }
        return network;
    }

    private static void disableIpv6(NetworkNamespace ns, String ifname) {
        List<String> command = List.of(
                "sh", "-c", "f=/proc/sys/net/ipv6/conf/" + ifname + "/disable_ipv6; [ ! -e $f ] || echo 1 > $f");
        IpCommand.Result result = ns == null ? IpCommand.tryRun(command) : IpCommand.tryRun(ns.command(command));
        if (result.exitCode() != 0) {
            LOG.debug("cannot switch IPv6 off on {}: {}", ifname, result.output());
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
        List<PmPort> ports = new ArrayList<>();
        for (int i = 0; i < macs.size(); i++) {
            ports.add(new PmPort("p" + i, outerName(id, i), switchPorts.ofport(outerName(id, i)), macs.get(i)));
        }
        return new PmNetwork(NetworkNamespace.of(namespaceName(id)), ports, switchPorts);
    }

    /** Removes the namespace and ports of a PM known only by its id and port count (after a daemon crash). */
    public static void deleteLeftover(String id, int portCount, OvsBridge switchPorts) {
        List<PmPort> ports = new ArrayList<>();
        for (int i = 0; i < portCount; i++) {
            ports.add(new PmPort("p" + i, outerName(id, i), -1, ""));
        }
        new PmNetwork(NetworkNamespace.of(namespaceName(id)), ports, switchPorts).delete();
    }

    /**
     * Removes the ports from the switch, the veth pairs and the namespace. Safe to call twice. An interrupt must not
     * cut it short: the daemon's shutdown interrupts its RPC threads, and an `ip netns delete` stopped half-way (a
     * CI run's bin/e2e caught one in a delete_pm as the module host was stopped) leaves a namespace that nothing
     * owns any more. So the work runs on a thread of its own, which nobody interrupts, and the caller waits for it
     * with {@link CompletableFuture#join}, which does not give up on an interrupt (it keeps the flag set).
     */
    public void delete() {
        CompletableFuture.runAsync(
                        this::deletePortsAndNamespace,
                        work -> Thread.ofVirtual().name("pm-network-delete").start(work))
                .join();
    }

    private void deletePortsAndNamespace() {
        for (PmPort port : ports) {
            switchPorts.deletePort(port.interfaceName());
        }
        try {
            namespace.delete(); // takes the inner ends, and with them their outer peers
        } catch (NetnsException e) {
            LOG.warn("cannot delete {}: {}", namespace, e.getMessage());
        }
        for (PmPort port : ports) {
            // A pair whose inner end never reached the namespace survives it: delete the outer end directly.
            IpCommand.tryRun(switchPorts.ipInSwitchNamespace("link", "delete", port.interfaceName()));
            IpCommand.tryRun(List.of("ip", "link", "delete", port.interfaceName()));
        }
    }
}
