package org.flowstream.cli.platform;

import java.nio.file.Path;
import java.util.List;

/**
 * Where everything of a local platform lives: its run directory, the switch, the traffic hosts, the
 * daemons' ports. One place, so that up, down and the README agree.
 */
public record PlatformLayout(Path runDir, String bridge, int openflowPort, List<TrafficHost> trafficHosts, List<DaemonSpec> daemons) {

    /** A traffic host: a network namespace with one interface on the switch. */
    public record TrafficHost(String name, String namespace, String switchSide, String address, String mac, int ofport) {
        public String ip() {
            return address.substring(0, address.indexOf('/'));
        }
    }

    /** A daemon process: its name and XML-RPC port. */
    public record DaemonSpec(String name, int port) {
        public String url() {
            return "http://127.0.0.1:%d/RPC2".formatted(port);
        }
    }

    public static PlatformLayout standard(Path home) {
        return new PlatformLayout(home.resolve("run"), "fsbr0", 6653,
                List.of(new TrafficHost("h1", "fs-h1", "fs-h1-sw", "10.10.1.1/24", "02:00:0a:0a:01:01", 1),
                        new TrafficHost("h2", "fs-h2", "fs-h2-sw", "10.10.1.2/24", "02:00:0a:0a:01:02", 2)),
                // Started in this order: the resource daemon must be up before the module host registers.
                List.of(new DaemonSpec("openflow", 7101), new DaemonSpec("resource", 7100), new DaemonSpec("modulehost", 7102),
                        new DaemonSpec("monitoring", 7103)));
    }

    public Path ovsDir() {
        return runDir.resolve("ovs");
    }

    public Path logDir() {
        return runDir.resolve("logs");
    }

    public Path configDir() {
        return runDir.resolve("config");
    }

    public Path stateFile() {
        return runDir.resolve("platform.json");
    }

    public Path credentialsFile() {
        return runDir.resolve("credentials.env");
    }

    public DaemonSpec daemon(String name) {
        return daemons.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }
}
