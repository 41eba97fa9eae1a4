package org.flowstream.cli.platform;

import java.util.List;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.common.netns.NetworkNamespace;
import org.flowstream.common.ovs.OpenVswitch;

/**
 * The two hosts that send and receive the platform's traffic: each a network namespace with one veth whose
 * other end is a port of the switch at a fixed OpenFlow port number. The switch forwards only what
 * allocations' rules say, so ARP is not forwarded: each host knows the others' MAC addresses statically.
 */
final class TrafficHosts {

    private TrafficHosts() {}

    static void create(PlatformLayout layout, OpenVswitch ovs) {
        for (PlatformLayout.TrafficHost host : layout.trafficHosts()) {
            NetworkNamespace ns = NetworkNamespace.create(host.namespace());
            ovs.addVethPort(layout.bridge(), host.switchSide(), host.ofport(), "eth0", ns.name());
            ns.run("ip", "link", "set", "eth0", "address", host.mac());
            ns.run("ip", "addr", "add", host.address(), "dev", "eth0");
            ns.run("ip", "link", "set", "eth0", "up");
        }
        for (PlatformLayout.TrafficHost host : layout.trafficHosts()) {
            for (PlatformLayout.TrafficHost other : layout.trafficHosts()) {
                if (other != host) {
                    NetworkNamespace.of(host.namespace())
                            .run(
                                    "ip",
                                    "neigh",
                                    "replace",
                                    other.ip(),
                                    "lladdr",
                                    other.mac(),
                                    "dev",
                                    "eth0",
                                    "nud",
                                    "permanent");
                }
            }
        }
    }

    /** Removes the namespaces (and with them their veths); absent ones are fine. */
    static void delete(PlatformLayout layout) {
        for (PlatformLayout.TrafficHost host : layout.trafficHosts()) {
            NetworkNamespace ns = NetworkNamespace.of(host.namespace());
            if (ns.exists()) {
                ns.delete();
            }
            IpCommand.tryRun(List.of("ip", "link", "del", host.switchSide()));
        }
    }
}
