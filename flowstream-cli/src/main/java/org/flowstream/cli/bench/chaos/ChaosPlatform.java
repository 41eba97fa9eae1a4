package org.flowstream.cli.bench.chaos;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.flowstream.cli.platform.Credentials;
import org.flowstream.cli.platform.LeftoverDaemons;
import org.flowstream.cli.platform.OvsProcesses;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PmDescription;
import org.flowstream.contracts.records.openflow.WiredConnections;
import org.flowstream.contracts.records.resource.AllocationStatus;
import org.flowstream.contracts.records.resource.HostListing;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.modulehost.basesys.PmRuntimes;
import org.flowstream.modulehost.ownership.NetworkClaims;

/**
 * The platform {@code bin/flowstream up} runs on this machine, as the chaos bench sees it: its daemons (found by
 * their command lines, whoever started them), how to kill one with SIGKILL and to start it again when no
 * supervisor does, and what is left on module hosts and the switch that no allocation owns.
 */
final class ChaosPlatform {

    private static final URI RESOURCE = URI.create("http://127.0.0.1:7100/RPC2");
    private static final URI OPENFLOW = URI.create("http://127.0.0.1:7101/RPC2");

    private final Path home;
    private final DaemonClient operator;
    private final DaemonClient tenant;

    ChaosPlatform(Path home) throws IOException {
        this.home = home;
        Map<String, String> credentials = Credentials.read(home.resolve("run/credentials.env"));
        operator = new DaemonClient(
                RESOURCE,
                credentials.get("FLOWSTREAM_OPERATOR"),
                credentials.get("FLOWSTREAM_OPERATOR_PASSWORD"),
                30_000);
        tenant = new DaemonClient(
                RESOURCE, credentials.get("FLOWSTREAM_USER"), credentials.get("FLOWSTREAM_PASSWORD"), 30_000);
    }

    DaemonClient tenant() {
        return tenant;
    }

    DaemonClient operator() {
        return operator;
    }

    DaemonClient openflow() {
        return new DaemonClient(OPENFLOW, operatorUser(), operatorPassword(), 30_000);
    }

    DaemonClient at(String url) {
        return new DaemonClient(URI.create(url), operatorUser(), operatorPassword(), 30_000);
    }

    private String operatorUser() {
        return credential("FLOWSTREAM_OPERATOR");
    }

    private String operatorPassword() {
        return credential("FLOWSTREAM_OPERATOR_PASSWORD");
    }

    private String credential(String key) {
        try {
            return Credentials.read(home.resolve("run/credentials.env")).get(key);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read run/credentials.env: " + e.getMessage(), e);
        }
    }

    /** The configuration file up wrote for a daemon ("resource", "openflow", "modulehost-mh1", ...). */
    Path config(String daemon) {
        return home.resolve("run/config").resolve(daemon + ".json");
    }

    /** The pid of the daemon running with that configuration, whoever started it (a supervisor may have restarted it). */
    Optional<Long> pidOf(String daemon) {
        return LeftoverDaemons.pidOf(home, daemon);
    }

    /**
     * SIGKILL of ovs-vswitchd (the switch and its flows are gone), then started again on its database as up starts
     * it: its bridge and ports come back, and the openflow daemon reinstalls the rules when the switch reconnects.
     */
    void killAndRestartSwitch() throws InterruptedException {
        killAndStartAgain("ovs-vswitchd", OvsProcesses::vswitchdPid, OvsProcesses::startVswitchd);
    }

    /**
     * SIGKILL of ovsdb-server (ovs-vswitchd keeps forwarding with the configuration it has), then started again on
     * its database file as up starts it; ovs-vswitchd reconnects to it by itself.
     */
    void killAndRestartDatabase() throws InterruptedException {
        killAndStartAgain("ovsdb-server", OvsProcesses::databasePid, OvsProcesses::startDatabase);
    }

    /** An Open vSwitch daemon, which nothing supervises: killed, then started again in place as up does. */
    private void killAndStartAgain(
            String daemon,
            java.util.function.Function<Path, Optional<Long>> pidIn,
            java.util.function.Consumer<Path> startIn)
            throws InterruptedException {
        Path ovsDir = home.resolve("run/ovs");
        long pid = pidIn.apply(ovsDir)
                .orElseThrow(() -> new IllegalStateException(
                        daemon + " is not running: start the platform with bin/flowstream up"));
        killPid(pid);
        startIn.accept(ovsDir);
    }

    /** SIGKILL; returns the pid killed. */
    long kill(String daemon) throws InterruptedException {
        long pid = pidOf(daemon)
                .orElseThrow(() -> new IllegalStateException(
                        "daemon %s is not running: start the platform with bin/flowstream up".formatted(daemon)));
        killPid(pid);
        return pid;
    }

    static void killPid(long pid) throws InterruptedException {
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
    }

    /**
     * Waits for the platform's supervisord to restart the daemon; without one (a platform started before up ran
     * daemons under supervisord), starts it the way up did (in its module host's network namespace for a module
     * host) and records its pid for {@code down}.
     *
     * @return whether the bench had to start it itself
     */
    boolean restartUnlessSupervised(String daemon, long killedPid) throws Exception {
        long waitMillis = supervised() ? 60_000 : 4_000; // supervisord restarts a daemon that ran at once
        for (long end = System.currentTimeMillis() + waitMillis; System.currentTimeMillis() < end; Thread.sleep(100)) {
            Optional<Long> pid = pidOf(daemon);
            if (pid.isPresent() && pid.get() != killedPid) {
                return false;
            }
        }
        if (supervised()) {
            throw new IllegalStateException(
                    "supervisord did not restart %s within a minute (supervisorctl -c run/supervisor/supervisord.conf status)"
                            .formatted(daemon));
        }
        List<String> command = new ArrayList<>();
        if (daemon.startsWith("modulehost-")) {
            command.addAll(List.of("nsenter", "--net=/var/run/netns/fs-" + daemon.substring("modulehost-".length())));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String kind = daemon.startsWith("modulehost-") ? "modulehost" : daemon;
        command.addAll(List.of(
                "setsid",
                java,
                "-Dflowstream.home=" + home,
                "-cp",
                System.getProperty("java.class.path"),
                "org.flowstream.cli.FlowstreamCli",
                "daemon",
                kind,
                "--config",
                config(daemon).toString()));
        Path log = home.resolve("run/logs").resolve(daemon + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        recordPid(daemon, process.pid());
        return true;
    }

    /** Whether the platform's own supervisord (started by up) runs, and so restarts killed daemons itself. */
    private boolean supervised() {
        try {
            long pid = Long.parseLong(Files.readString(home.resolve("run/supervisor/supervisord.pid"))
                    .strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private void recordPid(String daemon, long pid) throws IOException {
        Path file = home.resolve("run/platform.json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var state = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(file.toFile());
        if (state.get("daemonPids") instanceof com.fasterxml.jackson.databind.node.ObjectNode pids) {
            pids.put(daemon, pid);
            json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), state);
        }
    }

    /** The module hosts the resource daemon lists as up: name to URL. */
    Map<String, String> moduleHosts() {
        Map<String, String> hosts = new java.util.TreeMap<>();
        for (HostListing host : Structs.fromArray(operator.call("list_hosts").value(), HostListing.class)) {
            if (host.up()) {
                hosts.put(host.name(), host.url());
            }
        }
        return hosts;
    }

    /** Every PM on every module host that is up: instance name to its list_pms struct. */
    Map<String, PmDescription> pms() {
        Map<String, PmDescription> pms = new java.util.TreeMap<>();
        for (String url : moduleHosts().values()) {
            ReturnValue listed = at(url).call("list_pms");
            if (listed.isSuccess()) {
                for (PmDescription pm : Structs.fromArray(listed.value(), PmDescription.class)) {
                    pms.put(pm.name(), pm);
                }
            }
        }
        return pms;
    }

    /**
     * What no allocation owns: PMs (and failed PMs), rule sets of allocations that do not exist, claimed PM networks
     * without a PM that are no running warm slot of a module host's pool.
     */
    Map<String, Object> leftovers(Set<Integer> liveAllocations) throws Exception {
        Set<String> claimed = new TreeSet<>();
        for (int id : liveAllocations) {
            ReturnValue view = tenant.call("get_allocation", id);
            if (view.isSuccess()) {
                Structs.fromStruct(view.value(), AllocationStatus.class).pms().stream()
                        .map(PlacedPm::instance)
                        .forEach(claimed::add);
            }
        }
        Map<String, PmDescription> pms = pms();
        Set<String> strayPms = new TreeSet<>(pms.keySet());
        strayPms.removeAll(claimed);
        pms.values().stream().filter(pm -> "failed".equals(pm.state())).forEach(pm -> strayPms.add(pm.name()));
        Set<Integer> strayRules = new TreeSet<>();
        for (WiredConnections c :
                Structs.fromArray(openflow().call("list_connections").value(), WiredConnections.class)) {
            int id = (int) c.allocId();
            if (!liveAllocations.contains(id)) {
                strayRules.add(id);
            }
        }
        Set<String> namespaces = new TreeSet<>(claimedNamespaces());
        pms.values().forEach(pm -> namespaces.remove(pm.namespace()));
        namespaces.removeAll(PmRuntimes.runningSlotNamespacesUnder(home.resolve("run/state"))); // the warm pools
        return Map.of(
                "pms",
                List.copyOf(strayPms),
                "rule_sets",
                List.copyOf(strayRules),
                "namespaces",
                List.copyOf(namespaces));
    }

    /**
     * The PM namespaces this platform's module hosts claim (NetworkClaims, under run/state): a namespace of another
     * platform, test or benchmark on this kernel is never counted, whatever its name.
     */
    private List<String> claimedNamespaces() {
        return NetworkClaims.readAllUnder(home.resolve("run/state")).stream()
                .map(NetworkClaims.Claim::namespace)
                .toList();
    }
}
