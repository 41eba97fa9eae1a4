package org.flowstream.cli.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where everything of a local platform lives: its run directory, the switch, the traffic hosts, the module
 * hosts, the daemons' addresses and ports. One place, so that up, down and the README agree.
 *
 * <p>The controller's daemons (openflow, resource, monitoring) run in the machine's network namespace and
 * serve on loopback. Each module host runs in a namespace of its own, as on a real platform where module
 * hosts are separate machines: it reaches the controller, and the controller reaches it, over a management
 * network (a Linux bridge in the machine's namespace) on which it has its own address.
 */
public record PlatformLayout(
        Path runDir,
        String bridge,
        int openflowPort,
        List<TrafficHost> trafficHosts,
        ManagementNetwork management,
        List<DaemonSpec> daemons) {

    public static final int MAX_MODULE_HOSTS = 8;

    /** The unprivileged system user of the resource, openflow and monitoring daemons (created by up when missing). */
    public static final String SERVICE_USER = "flowstream";

    /** A traffic host: a network namespace with one interface on the switch. */
    public record TrafficHost(
            String name, String namespace, String switchSide, String address, String mac, int ofport) {
        public String ip() {
            return address.substring(0, address.indexOf('/'));
        }
    }

    /**
     * The management network: a Linux bridge whose address the controller's daemons also serve on, and the
     * name under which the switch's (the machine's) network namespace is known to module hosts, which move
     * their PMs' switch-side interfaces there.
     */
    public record ManagementNetwork(
            String bridge, String controllerAddress, int prefixLength, String switchNamespace) {}

    /**
     * A daemon process: its name (unique; "modulehost-mh1" for a module host), its kind (which daemon it runs),
     * where it serves XML-RPC, and the network namespace it runs in ("" for the machine's own).
     */
    public record DaemonSpec(String name, String kind, String address, int port, String namespace) {
        public String url() {
            return "http://%s:%d/RPC2".formatted(address, port);
        }

        /**
         * The system user the daemon runs as: the module host stays root (it creates PM namespaces, veths and
         * cgroups); the others need no privilege and run as {@link PlatformLayout#SERVICE_USER}.
         */
        public String user() {
            return isModuleHost() ? "root" : SERVICE_USER;
        }

        public boolean isModuleHost() {
            return kind.equals("modulehost");
        }

        /** The module host's name on the platform (mh1, mh2 ...). */
        public String hostName() {
            return name.substring(name.indexOf('-') + 1);
        }

        /** The machine-side end of the module host's management veth. */
        public String managementLink() {
            return ModuleHostNetwork.managementLink(namespace);
        }
    }

    /** The platform `up` builds: two traffic hosts and {@code moduleHosts} module hosts (1 to 8). */
    public static PlatformLayout standard(Path home, int moduleHosts) {
        if (moduleHosts < 1 || moduleHosts > MAX_MODULE_HOSTS) {
            throw new IllegalArgumentException(
                    "the local platform runs 1 to %d module hosts, not %d".formatted(MAX_MODULE_HOSTS, moduleHosts));
        }
        ManagementNetwork management = new ManagementNetwork("fs-mgmt", "10.20.0.1", 24, "fs-switch");
        List<DaemonSpec> daemons = new ArrayList<>(List.of(
                new DaemonSpec("openflow", "openflow", "127.0.0.1", 7101, ""),
                new DaemonSpec("resource", "resource", "127.0.0.1", 7100, "")));
        for (int i = 1; i <= moduleHosts; i++) {
            daemons.add(new DaemonSpec(
                    "modulehost-mh" + i,
                    "modulehost",
                    "10.20.0." + (10 + i),
                    7102,
                    ModuleHostNetwork.MODULE_HOST_NAMESPACE_PREFIX + i));
        }
        daemons.add(new DaemonSpec("monitoring", "monitoring", "127.0.0.1", 7103, ""));
        return new PlatformLayout(
                home.resolve("run"),
                "fsbr0",
                6653,
                List.of(
                        new TrafficHost("h1", "fs-h1", "fs-h1-sw", "10.10.1.1/24", "02:00:0a:0a:01:01", 1),
                        new TrafficHost("h2", "fs-h2", "fs-h2-sw", "10.10.1.2/24", "02:00:0a:0a:01:02", 2)),
                management,
                List.copyOf(daemons));
    }

    /**
     * The order daemons start in: the openflow daemon, then the resource daemon (which calls it when it recovers
     * allocations), then the module hosts (which register with it) and the monitoring daemon, all at once.
     */
    public List<List<DaemonSpec>> startStages() {
        List<DaemonSpec> rest = daemons.stream()
                .filter(d -> !d.name().equals("openflow") && !d.name().equals("resource"))
                .toList();
        return List.of(List.of(daemon("openflow")), List.of(daemon("resource")), rest);
    }

    public Path ovsDir() {
        return runDir.resolve("ovs");
    }

    public Path logDir() {
        return runDir.resolve("logs");
    }

    public Path log(DaemonSpec daemon) {
        return logDir().resolve(daemon.name() + ".log");
    }

    public Path configDir() {
        return runDir.resolve("config");
    }

    public Path configFile(DaemonSpec daemon) {
        return configDir().resolve(daemon.name() + ".json");
    }

    /** The daemon's own state (its database, saved rules, patched tasks): owned by its user, mode 0700. */
    public Path stateDir(DaemonSpec daemon) {
        return runDir.resolve("state").resolve(daemon.name());
    }

    /** The private supervisord's configuration, socket, pid file and log. */
    public Path supervisorDir() {
        return runDir.resolve("supervisor");
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

    public List<DaemonSpec> moduleHosts() {
        return daemons.stream().filter(DaemonSpec::isModuleHost).toList();
    }

    /** Where a daemon in {@code from}'s namespace reaches {@code to}: loopback within the machine's namespace. */
    public String urlSeenFrom(DaemonSpec from, DaemonSpec to) {
        if (from.namespace().isEmpty() || !to.namespace().isEmpty()) {
            return to.url();
        }
        return "http://%s:%d/RPC2".formatted(management.controllerAddress(), to.port());
    }
}
