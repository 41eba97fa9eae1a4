package org.flowstream.openflow;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.ovs.OpenVswitch;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.openflow.connections.PlatformRules;

/**
 * A real Open vSwitch for tests (common's {@link OpenVswitch} in a private network namespace) plus helpers
 * to start the openflow daemon against it and to read its flow table the way ovs-ofctl shows it. Skips the
 * test (assumption) only when Open vSwitch is not installed.
 */
final class OvsTestSwitch implements AutoCloseable {

    /** What every bridge connected to the daemon holds with nothing installed: the platform's rules. */
    static final Set<String> PLATFORM_RULES =
            new TreeSet<>(PlatformRules.rules().stream().map(Object::toString).toList());

    final OpenVswitch ovs;
    final Path tmp;
    final List<String> netnsToDelete = new ArrayList<>();

    private OvsTestSwitch(OpenVswitch ovs, Path tmp) {
        this.ovs = ovs;
        this.tmp = tmp;
    }

    static OvsTestSwitch start() throws Exception {
        assumeTrue(OpenVswitch.isInstalled(), OpenVswitch.whyNotInstalled());
        assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/ip"))
                        || Files.isExecutable(Path.of("/sbin/ip"))
                        || Files.isExecutable(Path.of("/usr/bin/ip")),
                "iproute2 (ip) is needed for network namespaces");
        Path tmp = Files.createTempDirectory(Path.of("/tmp"), "oftest.");
        return new OvsTestSwitch(OpenVswitch.start(), tmp);
    }

    /** A bridge with a random name speaking the given versions, with fail_mode=secure. */
    String bridge(String... protocols) {
        String name = OpenVswitch.randomName("ofb");
        ovs.addBridge(name);
        ovs.setProtocols(name, protocols);
        return name;
    }

    /** Open vSwitch only connects to unix sockets inside its run directory. */
    Path controllerSocket() {
        return socket("ctl");
    }

    Path socket(String name) {
        return ovs.runDir().resolve(name + ".sock");
    }

    /** Config for an in-process daemon: tasks from ../tasks, free XML-RPC port, listening on a unix socket. */
    DaemonConfig daemonConfig(Path stateDir, Path socket, List<String> connect) {
        DaemonConfig config = new DaemonConfig();
        config.tasksDir = "../tasks";
        config.port = 0;
        config.stateDir = stateDir.toString();
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("listenPort", -1);
        s.put("listenUnix", socket.toString());
        s.put("statsIntervalMillis", 300);
        s.put("echoIntervalMillis", 1000);
        s.put("requestTimeoutMillis", 20000);
        var list = s.putArray("connect");
        connect.forEach(list::add);
        config.settings = s;
        return config;
    }

    /** The openflow daemon in this process, its state in this switch's temporary directory, started. */
    OpenflowDaemon startDaemon() throws Exception {
        OpenflowDaemon daemon = new OpenflowDaemon(daemonConfig(tmp.resolve("state"), controllerSocket(), List.of()));
        daemon.start();
        return daemon;
    }

    /** A new bridge connected to {@code daemon}, returned once the daemon has reconciled it. */
    String connectedBridge(OpenflowDaemon daemon, Duration timeout, String... protocols) throws InterruptedException {
        String br = bridge(protocols);
        ovs.setController(br, "unix:" + controllerSocket());
        await(
                "bridge " + br + " connects",
                timeout,
                () -> daemon.rules().lastReconcile(br).isPresent());
        return br;
    }

    static DaemonClient client(OpenflowDaemon daemon) {
        return new DaemonClient(daemon.url(), "", "", 30_000);
    }

    /** The bridge's flows as normalised lines "cookie=..,table=..,priority=..,MATCH actions=..", sorted. */
    Set<String> flows(String bridge, String version) {
        String out = ovs.ofctl("--no-stats", "--no-names", "-O", version, "dump-flows", bridge);
        Set<String> lines = new TreeSet<>();
        for (String line : out.split("\n")) {
            line = line.trim();
            if (line.isEmpty() || line.startsWith("OFPST_") || line.startsWith("NXST_")) {
                continue;
            }
            lines.add(normalise(line));
        }
        return lines;
    }

    /** The bridge's flows but the platform's rules, which every bridge the daemon reconciled holds. */
    Set<String> flowsBesidesThePlatformRules(String bridge, String version) {
        Set<String> flows = flows(bridge, version);
        flows.removeAll(PLATFORM_RULES);
        return flows;
    }

    /** Makes ovs-ofctl's text comparable with our Rule.toString(). */
    static String normalise(String line) {
        String cookie = "0x0";
        int table = 0;
        int priority = 32768;
        String match = "";
        String actions = "";
        int a = line.indexOf(" actions=");
        String head = line.substring(0, a).trim();
        actions = line.substring(a + 9).trim();
        List<String> matchParts = new ArrayList<>();
        for (String part : head.split(",\\s*")) {
            part = part.trim();
            if (part.startsWith("cookie=")) {
                cookie = part.substring(7);
            } else if (part.startsWith("table=")) {
                table = Integer.parseInt(part.substring(6));
            } else if (part.startsWith("priority=")) {
                priority = Integer.parseInt(part.substring(9));
            } else if (!part.isEmpty()) {
                for (String p : part.split(",")) {
                    matchParts.add(p);
                }
            }
        }
        match = org.flowstream.contracts.match.Match.parse(String.join(",", matchParts))
                .toString();
        actions = actions.replaceAll("push_vlan:0x8100,set_field:(\\d+)->vlan_vid", "mod_vlan_vid:$1")
                .replace("pop_vlan", "strip_vlan")
                .replace("IN_PORT", "output:in_port");
        // set_field:4196->vlan_vid carries the "present" bit 0x1000
        var m = java.util.regex.Pattern.compile("mod_vlan_vid:(\\d+)").matcher(actions);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int v = Integer.parseInt(m.group(1));
            m.appendReplacement(sb, "mod_vlan_vid:" + (v >= 4096 ? v - 4096 : v));
        }
        m.appendTail(sb);
        actions = sb.toString();
        return "cookie=%s,table=%d,priority=%d,%s actions=%s".formatted(cookie, table, priority, match, actions);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    /** A network namespace with a random name, deleted on close. */
    String netns(String prefix) {
        String name = OpenVswitch.randomName(prefix);
        Shell.run("ip", "netns", "add", name);
        netnsToDelete.add(name);
        return name;
    }

    @Override
    public void close() {
        for (String ns : netnsToDelete) {
            Shell.runQuietly("ip", "netns", "del", ns);
        }
        ovs.close();
        try (Stream<Path> files = Files.walk(tmp)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // best effort
        }
    }
}
