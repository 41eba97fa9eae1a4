package org.flowstream.modulehost;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.netns.NetworkNamespace;
import org.flowstream.common.ovs.OpenVswitch;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.modulehost.net.SwitchReceiveBuffers;

/**
 * A private Open vSwitch (own run directory, ovs-vswitchd in its own namespace) with one netdev bridge, and a
 * module host daemon pointed at it. Traffic hosts are namespaces with a veth port on the bridge. Everything
 * has a random suffix and is removed by {@link #close()}, whatever happened.
 */
final class PlatformFixture implements AutoCloseable {

    final String suffix =
            Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 5);
    final OpenVswitch ovs;
    final String bridge = "brmh" + suffix;
    final ModuleHostDaemon daemon;
    final DaemonClient client;
    final Path dir;
    private final List<NetworkNamespace> namespaces = new ArrayList<>();

    /** A traffic host: its namespace, interface, address, MAC and the OpenFlow port of its switch end. */
    record Host(NetworkNamespace ns, String ifname, String ip, String mac, int ofport) {}

    static void assumePlatform() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (network namespaces, cgroups)");
        assumeTrue(OpenVswitch.isInstalled(), OpenVswitch.whyNotInstalled());
    }

    PlatformFixture() throws Exception {
        this(config -> {});
    }

    /** {@code customize} may add peers and settings before the daemon starts. */
    PlatformFixture(java.util.function.Consumer<DaemonConfig> customize) throws Exception {
        this((ovs, config) -> customize.accept(config));
    }

    /** As above, for peers that need the switch (a controller socket in its run directory, where OVS accepts it). */
    PlatformFixture(java.util.function.BiConsumer<OpenVswitch, DaemonConfig> customize) throws Exception {
        dir = Files.createTempDirectory("modulehost-test");
        ovs = OpenVswitch.start(OpenVswitch.Options.isolated());
        try {
            ovs.addBridge(bridge);
            DaemonConfig config = new DaemonConfig();
            config.port = 0;
            config.tasksDir = "../tasks";
            config.stateDir = dir.resolve("state").toString();
            ObjectNode settings = JsonNodeFactory.instance.objectNode();
            settings.put("bridge", bridge);
            settings.put("ovsDb", "unix:" + ovs.dbSocket());
            settings.put("ovsRunDir", ovs.runDir().toString());
            settings.put("switchNetns", ovs.netns().orElse(""));
            settings.put("hostName", "testhost-" + suffix);
            settings.put("defaultMemoryMb", 192);
            config.settings = settings;
            customize.accept(ovs, config);
            daemon = new ModuleHostDaemon(config);
            daemon.start();
            client = new DaemonClient(daemon.url(), "", "", 120_000);
        } catch (Exception | Error e) {
            ovs.close();
            throw e;
        }
    }

    /** A namespace with a veth port on the bridge, address ip/24, IPv6 off. */
    Host host(String letter, String ip) {
        NetworkNamespace ns = NetworkNamespace.create("mh" + letter + suffix);
        namespaces.add(ns);
        String port = "mh" + letter + suffix + "o";
        String peer = "mh" + letter + suffix + "i";
        ns.run(
                "sh",
                "-c",
                "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6");
        ovs.addVethPort(bridge, port, 0, peer, ns.name());
        SwitchReceiveBuffers.raise(ovs.runDir().toString()); // as the module host does for its PMs' ports
        ns.run("ip", "addr", "add", ip + "/24", "dev", peer);
        String line = ns.run("ip", "-o", "link", "show", "dev", peer);
        String mac = line.substring(line.indexOf("link/ether ") + 11).split("\\s+")[0];
        return new Host(ns, peer, ip, mac, ovs.ofport(port));
    }

    /** A static neighbour entry, so hosts need no ARP through a switch that only carries what the test steers. */
    static void neighbour(Host from, Host to) {
        from.ns().run("ip", "neigh", "replace", to.ip(), "lladdr", to.mac(), "dev", from.ifname(), "nud", "permanent");
    }

    /**
     * {@code behind} reaches {@code address} (a NAT's external address) on its own link, its frames addressed to
     * {@code nat}'s MAC: the switch, steered by the test, takes its replies to the NAT in front of {@code nat}.
     */
    static void replyThroughNat(Host behind, String address, Host nat) {
        behind.ns().run("ip", "route", "replace", address + "/32", "dev", behind.ifname());
        behind.ns()
                .run(
                        "ip",
                        "neigh",
                        "replace",
                        address,
                        "lladdr",
                        nat.mac(),
                        "dev",
                        behind.ifname(),
                        "nud",
                        "permanent");
    }

    /** The fixture's bridge as a module host drives it, tagging the ports it adds with {@code owner} ("" for none). */
    org.flowstream.modulehost.net.OvsBridge switchPorts(String owner) {
        return new org.flowstream.modulehost.net.OvsBridge(
                bridge,
                "unix:" + ovs.dbSocket(),
                ovs.runDir().toString(),
                ovs.netns().orElse(""),
                owner);
    }

    /** One of the switch's packet sockets as ss(8) reports it: its receive buffer and the frames it dropped. */
    record SwitchSocket(long receiveBuffer, long drops) {}

    private static final java.util.regex.Pattern SKMEM =
            java.util.regex.Pattern.compile("skmem:\\(r\\d+,rb(\\d+),.*,d(\\d+)\\)");

    /**
     * The switch's packet sockets by the interface each reads (ss -0 -e -m -p in the switch's namespace): where a
     * frame that never reached a host was dropped when the switch could not read in time.
     */
    java.util.Map<String, SwitchSocket> switchSockets() {
        List<String> ss = List.of("ss", "-0", "-e", "-m", "-p");
        String out = org.flowstream.common.netns.IpCommand.run(
                ovs.netns().map(ns -> NetworkNamespace.of(ns).command(ss)).orElse(ss));
        java.util.Map<String, SwitchSocket> sockets = new java.util.TreeMap<>();
        for (String socket : out.replace("\n\t", " ").split("\n")) {
            java.util.regex.Matcher skmem = SKMEM.matcher(socket);
            // p_raw Recv-Q Send-Q *:interface ...; "[0]:*" is the switch's sending socket, bound to no interface
            String[] columns = socket.trim().split("\\s+");
            if (socket.contains("\"ovs-vswitchd\"")
                    && skmem.find()
                    && columns.length > 3
                    && !columns[3].endsWith(":*")) {
                sockets.put(
                        columns[3].substring(columns[3].lastIndexOf(':') + 1),
                        new SwitchSocket(Long.parseLong(skmem.group(1)), Long.parseLong(skmem.group(2))));
            }
        }
        return sockets;
    }

    void flow(String flow) {
        ovs.ofctl("add-flow", bridge, flow);
    }

    @Override
    public void close() {
        try {
            daemon.stop();
        } finally {
            for (NetworkNamespace ns : namespaces) {
                try {
                    ns.delete();
                } catch (RuntimeException e) {
                    System.err.println("cannot delete " + ns + ": " + e.getMessage());
                }
            }
            ovs.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            } catch (java.io.IOException e) {
                System.err.println("cannot delete " + dir + ": " + e.getMessage());
            }
        }
    }
}
