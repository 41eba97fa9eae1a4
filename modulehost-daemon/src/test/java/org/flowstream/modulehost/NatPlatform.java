package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowstream.common.testing.Eventually.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.io.FileTrees;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.DaemonProcess;
import org.flowstream.common.testing.FreePort;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.migration.FlowMigrations;

/**
 * The platform the migration tests run a NAT on, every part real: one Open vSwitch (userspace datapath), two module
 * host daemons on it, the openflow daemon it connects to, the resource daemon both hosts register with, and two
 * traffic hosts, A (inside, net0) and B (outside, net1), each in a namespace. B answers the NAT's external addresses
 * through the switch. Stops everything it started in {@link #close()}.
 *
 * <p>{@link #killable} runs the resource daemon and the second module host as processes instead (as supervisord runs
 * them on a platform), so that a test can kill them with SIGKILL and start them again.
 */
final class NatPlatform implements AutoCloseable {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    Path dir;
    PlatformFixture platform;
    ModuleHostDaemon secondHost;
    OpenflowDaemon openflow;
    ResourceDaemon resource;
    DaemonClient tenant;
    DaemonClient otherTenant;
    DaemonClient operator;
    PlatformFixture.Host inside;
    PlatformFixture.Host outside;

    /** Killable only: the resource daemon's process, and its configuration to start it again. */
    Process resourceProcess;

    private Path resourceConfig;
    private URI resourceUrl;
    /** Killable only: the second module host's process (started by {@link #startHostProcess}). */
    Process hostProcess;

    private Path hostConfig;
    private DaemonClient hostProcessClient;
    private String hostProcessName;
    private DaemonConfig firstHostConfig;

    /**
     * @param name a word for the temporary directory and controller socket
     * @param insideAddresses A's addresses, the first its own (A's interface gets all of them)
     * @param externalAddresses the NAT's external addresses, which B answers through the switch
     */
    NatPlatform(String name, List<String> insideAddresses, List<String> externalAddresses) throws Exception {
        this(name, insideAddresses, externalAddresses, null);
    }

    private NatPlatform(
            String name,
            List<String> insideAddresses,
            List<String> externalAddresses,
            Map<String, Object> killableResourceSettings)
            throws Exception {
        dir = Files.createTempDirectory(name);
        try {
            start(name, insideAddresses, externalAddresses, killableResourceSettings);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /**
     * The platform with the resource daemon a process (with {@code resourceSettings} added to its settings) and only
     * the first module host running: a test installs on it, then starts the second host as a process ({@link
     * #startHostProcess}), so that a move goes to the host it can kill.
     */
    static NatPlatform killable(
            String name,
            List<String> insideAddresses,
            List<String> externalAddresses,
            Map<String, Object> resourceSettings)
            throws Exception {
        return new NatPlatform(name, insideAddresses, externalAddresses, resourceSettings);
    }

    private void start(
            String name,
            List<String> insideAddresses,
            List<String> externalAddresses,
            Map<String, Object> killableResourceSettings)
            throws Exception {
        int resourcePort = FreePort.pick();
        AtomicReference<DaemonConfig> firstConfig = new AtomicReference<>();
        AtomicReference<OpenflowDaemon> switchController = new AtomicReference<>();
        platform = new PlatformFixture((ovs, config) -> {
            switchController.set(ControllerDaemons.openflow(
                    dir.resolve("openflow-state"), ovs.runDir().resolve(name + ".sock"), 1000));
            config.peers.put(
                    "resource", ControllerDaemons.peer(URI.create("http://127.0.0.1:%d/RPC2".formatted(resourcePort))));
            ((ObjectNode) config.settings).put("heartbeatSeconds", 1);
            firstConfig.set(config);
        });
        openflow = switchController.get();
        firstHostConfig = firstConfig.get();
        if (killableResourceSettings == null) {
            secondHost = startSecondHost(firstHostConfig);
        }
        inside = platform.host("a", insideAddresses.get(0));
        for (String more : insideAddresses.subList(1, insideAddresses.size())) {
            inside.ns().run("ip", "addr", "add", more + "/24", "dev", inside.ifname());
        }
        outside = platform.host("b", "10.81.0.2");
        PlatformFixture.neighbour(inside, outside);
        // B answers the external addresses; the NAT gives B's replies A's addresses back.
        externalAddresses.forEach(external -> PlatformFixture.replyThroughNat(outside, external, inside));
        platform.ovs.setController(
                platform.bridge, "unix:" + platform.ovs.runDir().resolve(name + ".sock"));
        await("the bridge connects", () -> openflow.rules().lastReconcile(platform.bridge), r -> r.isPresent());

        DaemonConfig resourceSettings = ControllerDaemons.resourceConfig(
                dir.resolve("resource-state"),
                resourcePort,
                List.of(
                        new UserAccount(TestDaemon.OPERATOR, TestDaemon.OPERATOR_PASSWORD, Role.OPERATOR),
                        new UserAccount(TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD, Role.TENANT),
                        new UserAccount(TestDaemon.OTHER_TENANT, TestDaemon.OTHER_TENANT_PASSWORD, Role.TENANT)),
                openflow,
                platform.daemon,
                platform.bridge,
                inside.ofport(),
                outside.ofport());
        if (killableResourceSettings == null) {
            resource = new ResourceDaemon(resourceSettings);
            resource.start();
            resourceUrl = resource.url();
        } else {
            killableResourceSettings.forEach(
                    (key, value) -> ((ObjectNode) resourceSettings.settings).set(key, JSON.valueToTree(value)));
            resourceConfig = dir.resolve("resource.json");
            JSON.writeValue(resourceConfig.toFile(), resourceSettings);
            resourceUrl = URI.create("http://127.0.0.1:%d/RPC2".formatted(resourcePort));
        }
        tenant = new DaemonClient(resourceUrl, TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD, 60_000);
        otherTenant = new DaemonClient(resourceUrl, TestDaemon.OTHER_TENANT, TestDaemon.OTHER_TENANT_PASSWORD, 60_000);
        operator = new DaemonClient(resourceUrl, TestDaemon.OPERATOR, TestDaemon.OPERATOR_PASSWORD, 60_000);
        if (killableResourceSettings == null) {
            await("both module hosts register", () -> platform.daemon.registered() && secondHost.registered(), r -> r);
        } else {
            startResourceProcess();
            await("the module host registers", () -> platform.daemon.registered(), r -> r);
        }
    }

    /** Killable: starts the resource daemon's process (again) and returns once it answers. */
    void startResourceProcess() throws Exception {
        resourceProcess = DaemonProcess.startAndAwait(
                ResourceDaemon.class, resourceConfig, dir.resolve("resource.log"), operator);
    }

    /** Killable: the resource daemon killed with SIGKILL (no chance to finish or undo anything); returns once dead. */
    void killResource() throws InterruptedException {
        resourceProcess.destroyForcibly().waitFor();
    }

    /**
     * Killable: the second module host, a process registering with the resource daemon; returns once the resource
     * daemon lists it up.
     */
    void startHostProcess() throws Exception {
        if (hostConfig == null) {
            int port = FreePort.pick();
            DaemonConfig config = JSON.readValue(JSON.writeValueAsString(firstHostConfig), DaemonConfig.class);
            config.port = port;
            config.stateDir = dir.resolve("host-process").toString();
            hostProcessName = "killable-" + platform.suffix;
            ((ObjectNode) config.settings).put("hostName", hostProcessName);
            hostConfig = dir.resolve("modulehost.json");
            JSON.writeValue(hostConfig.toFile(), config);
            hostProcessClient =
                    new DaemonClient(URI.create("http://127.0.0.1:%d/RPC2".formatted(port)), "", "", 60_000);
        }
        hostProcess = DaemonProcess.startAndAwait(
                ModuleHostDaemon.class, hostConfig, dir.resolve("modulehost.log"), hostProcessClient);
        await("the second module host registers", () -> hostsUp().contains(hostProcessName), r -> r);
    }

    /** Killable: the second module host's daemon killed with SIGKILL (its PMs run on, unwatched). */
    void killHostProcess() throws InterruptedException {
        hostProcess.destroyForcibly().waitFor();
    }

    /** The names of the module hosts the resource daemon lists up. */
    @SuppressWarnings("unchecked")
    List<String> hostsUp() {
        ReturnValue hosts = operator.call("list_hosts");
        if (!hosts.isSuccess()) {
            return List.of();
        }
        return Arrays.stream((Object[]) hosts.value())
                .map(h -> (Map<String, Object>) h)
                .filter(h -> Boolean.TRUE.equals(h.get("up")))
                .map(h -> (String) h.get("name"))
                .toList();
    }

    /** The URL of the module host called {@code name} (either kind). */
    URI hostUrl(String name) {
        if (name.equals(hostProcessName)) {
            return hostProcessClient.url();
        }
        return host(name).url();
    }

    /** The module host daemon called {@code name}. */
    ModuleHostDaemon host(String name) {
        return name.equals(platform.daemon.hostName()) ? platform.daemon : secondHost;
    }

    /** The module host that is not {@code name}. */
    String otherHost(String name) {
        String second = secondHost != null ? secondHost.hostName() : hostProcessName;
        return name.equals(platform.daemon.hostName()) ? second : platform.daemon.hostName();
    }

    /** B's side of {@link NatTraffic}: echoes UDP on port 7000 and TCP on 7001, until told to stop. */
    Traffic.Script echo() throws java.io.IOException {
        return echoOn(7000, 7001);
    }

    /** B's side of {@link NatTraffic} on other ports: echoes UDP on {@code udpPort} and TCP on {@code tcpPort}. */
    Traffic.Script echoOn(int udpPort, int tcpPort) throws java.io.IOException {
        return Traffic.script(outside.ns(), NatTraffic.OUTSIDE, Integer.toString(udpPort), Integer.toString(tcpPort));
    }

    /**
     * A's side of {@link NatTraffic}: {@code flows} UDP flows and {@code connections} TCP connections to B's echo,
     * one datagram and line each per round, {@code gap} seconds between rounds, from {@code sources} in turn
     * (comma-separated addresses).
     */
    Traffic.Script send(int flows, int connections, String gap, String sources) throws java.io.IOException {
        return sendTo(7000, 7001, flows, connections, gap, sources);
    }

    /** {@link #send} to B's echo on other ports ({@link #echoOn}): flows that are not the others' (their own count). */
    Traffic.Script sendTo(int udpPort, int tcpPort, int flows, int connections, String gap, String sources)
            throws java.io.IOException {
        return Traffic.script(
                inside.ns(),
                NatTraffic.INSIDE,
                outside.ip(),
                Integer.toString(udpPort),
                Integer.toString(tcpPort),
                Integer.toString(flows),
                Integer.toString(connections),
                gap,
                sources);
    }

    /** The instances of PM {@code pm} of an allocation, as get_allocation shows them: instance to module host. */
    @SuppressWarnings("unchecked")
    Map<String, String> instances(int allocId, String pm) {
        Map<String, Object> view =
                (Map<String, Object>) tenant.call("get_allocation", allocId).value();
        Map<String, String> instances = new java.util.TreeMap<>();
        for (Object placed : (Object[]) view.get("pms")) {
            Map<String, Object> m = (Map<String, Object>) placed;
            if (pm.equals(m.get("pm"))) {
                instances.put((String) m.get("instance"), (String) m.get("host"));
            }
        }
        return instances;
    }

    /** Kills a PM's process (SIGKILL) and returns once it is dead. */
    static void killPm(ModuleHostDaemon host, String pm) {
        var instance = host.pms().get(pm);
        if (instance != null) {
            ProcessHandle.of(instance.handle().pid()).ifPresent(process -> {
                process.destroyForcibly();
                process.onExit().join(); // dead before the move's next request reaches it
            });
        }
    }

    /**
     * The migration tests' allocation: a NAT with one external address between host A (inside, 10.81.0.1) and host
     * B, mappings expiring after {@code idleSeconds}.
     */
    static String natRequest(String external, int idleSeconds) {
        return """
                BASESYS=linux.netns
                inside :: FromNet("ip,nw_src=10.81.0.1", IONODE net0)
                outside :: FromNet("ip,nw_dst=%s", IONODE net1)
                nat :: IPRewriter(EXTERNAL %s, IDLE %d)
                toB :: ToNet(net1)
                toA :: ToNet(net0)
                inside -> [0]nat[0] -> toB
                outside -> [1]nat[1] -> toA
                """.formatted(external, external, idleSeconds);
    }

    /** The module host allocation {@code allocId}'s PM {@code pm} runs on (get_allocation's placement). */
    @SuppressWarnings("unchecked")
    String hostOf(int allocId, String pm) {
        Map<String, Object> view =
                (Map<String, Object>) tenant.call("get_allocation", allocId).value();
        return (String) ((Map<String, Object>) view.get("placement")).get(pm);
    }

    /** migrate_flows({@code params}) as the tenant: checks it was queued, and waits for the task's result. */
    ReturnValue migrate(Object... params) {
        ReturnValue queued = tenant.call("migrate_flows", params);
        assertThat(queued.isNotReady()).as(queued.message()).isTrue();
        int task = (Integer) queued.value();
        return await("the move ends", () -> tenant.call("get_task_result", task), r -> !r.isNotReady());
    }

    /**
     * {@link #migrate} with {@code watcher} told each step of the move (to kill a PM or read state at a step), and
     * no longer told anything once the move has ended.
     */
    ReturnValue migrateWatching(FlowMigrations.StepListener watcher, Object... params) {
        resource.migrations().addListener(watcher);
        try {
            return migrate(params);
        } finally {
            resource.migrations().removeListener(watcher);
        }
    }

    /** The rules of the moves' own rule sets on the switch (a phased move's daisy paths and the new PM's way out). */
    List<?> daisyPaths() {
        return openflow.rules().rules(platform.bridge, r -> Cookies.kind(r.cookie()) == Cookies.OwnerKind.MOVE);
    }

    /** The flow gate's counters of NAT PM {@code pm} at the module host at {@code hostUrl} (pm_flows global). */
    static Map<?, ?> gate(URI hostUrl, String pm) {
        DaemonClient moduleHost = new DaemonClient(hostUrl, "", "", 30_000);
        ReturnValue answer = moduleHost.call("pm_flows", Map.of("pm", pm, "op", "global", "element", "pm"));
        assertThat(answer.isSuccess()).as(answer.message()).isTrue();
        return (Map<?, ?>) ((Map<?, ?>) answer.value()).get("gate");
    }

    /** A NAT PM's mappings without their idle times (which move on), as comparable text. */
    static List<String> states(ModuleHostDaemon host, String pm) {
        return states(host.url(), pm);
    }

    /** {@link #states(ModuleHostDaemon, String)} of the module host at {@code hostUrl}. */
    static List<String> states(URI hostUrl, String pm) {
        DaemonClient client = new DaemonClient(hostUrl, "", "", 30_000);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("pm", pm);
        request.put("op", "export");
        request.put("element", "pm");
        request.put("filter", "");
        ReturnValue answer = client.call("pm_flows", request);
        assertThat(answer.isSuccess()).as(answer.message()).isTrue();
        return Arrays.stream((Object[]) answer.value())
                .map(s -> {
                    Map<?, ?> m = new java.util.TreeMap<>((Map<?, ?>) s);
                    m.remove("idle_ms");
                    return m.toString();
                })
                .sorted()
                .toList();
    }

    private ModuleHostDaemon startSecondHost(DaemonConfig first) throws Exception {
        DaemonConfig config = new DaemonConfig();
        config.port = 0;
        config.tasksDir = first.tasksDir;
        config.stateDir = dir.resolve("second-host").toString();
        config.peers.putAll(first.peers);
        ObjectNode settings = ((ObjectNode) first.settings).deepCopy();
        settings.put("hostName", "second-" + platform.suffix);
        config.settings = settings;
        ModuleHostDaemon daemon = new ModuleHostDaemon(config);
        daemon.start();
        return daemon;
    }

    private static void stopProcess(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable part : new AutoCloseable[] {
            resource == null ? null : resource::stop,
            resourceProcess == null ? null : () -> stopProcess(resourceProcess),
            hostProcess == null ? null : () -> stopProcess(hostProcess), // SIGTERM: it deletes its PMs
            secondHost == null
                    ? null
                    : () -> {
                        secondHost.pms().deleteAll();
                        secondHost.stop();
                    },
            platform,
            openflow == null ? null : openflow::stop
        }) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("NatPlatform: stopping a part failed: " + e.getMessage());
                }
            }
        }
        if (dir != null) {
            try {
                FileTrees.delete(dir);
            } catch (java.io.IOException e) {
                System.err.println("NatPlatform: cannot remove " + dir + ": " + e.getMessage());
            }
        }
    }
}
