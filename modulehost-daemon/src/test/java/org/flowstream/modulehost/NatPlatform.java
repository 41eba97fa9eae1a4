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
import org.flowstream.common.testing.FreePort;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.migration.FlowMigrations;

/**
 * The platform the migration tests run a NAT on, every part real: one Open vSwitch (userspace datapath), two module
 * host daemons on it, the openflow daemon it connects to, the resource daemon both hosts register with, and two
 * traffic hosts, A (inside, net0) and B (outside, net1), each in a namespace. B answers the NAT's external addresses
 * through the switch. Stops everything it started in {@link #close()}.
 */
final class NatPlatform implements AutoCloseable {

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

    /**
     * @param name a word for the temporary directory and controller socket
     * @param insideAddresses A's addresses, the first its own (A's interface gets all of them)
     * @param externalAddresses the NAT's external addresses, which B answers through the switch
     */
    NatPlatform(String name, List<String> insideAddresses, List<String> externalAddresses) throws Exception {
        dir = Files.createTempDirectory(name);
        try {
            start(name, insideAddresses, externalAddresses);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void start(String name, List<String> insideAddresses, List<String> externalAddresses) throws Exception {
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
        secondHost = startSecondHost(firstConfig.get());
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

        resource = ControllerDaemons.resource(
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
        tenant = new DaemonClient(resource.url(), TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD, 60_000);
        otherTenant =
                new DaemonClient(resource.url(), TestDaemon.OTHER_TENANT, TestDaemon.OTHER_TENANT_PASSWORD, 60_000);
        operator = new DaemonClient(resource.url(), TestDaemon.OPERATOR, TestDaemon.OPERATOR_PASSWORD, 60_000);
        await("both module hosts register", () -> platform.daemon.registered() && secondHost.registered(), r -> r);
    }

    /** The module host daemon called {@code name}. */
    ModuleHostDaemon host(String name) {
        return name.equals(platform.daemon.hostName()) ? platform.daemon : secondHost;
    }

    /** The module host that is not {@code name}. */
    String otherHost(String name) {
        return name.equals(platform.daemon.hostName()) ? secondHost.hostName() : platform.daemon.hostName();
    }

    /** B's side of {@link NatTraffic}: echoes UDP on port 7000 and TCP on 7001, until told to stop. */
    Traffic.Script echo() throws java.io.IOException {
        return Traffic.script(outside.ns(), NatTraffic.OUTSIDE, "7000", "7001");
    }

    /**
     * A's side of {@link NatTraffic}: {@code flows} UDP flows and {@code connections} TCP connections to B's echo,
     * one datagram and line each per round, {@code gap} seconds between rounds, from {@code sources} in turn
     * (comma-separated addresses).
     */
    Traffic.Script send(int flows, int connections, String gap, String sources) throws java.io.IOException {
        return Traffic.script(
                inside.ns(),
                NatTraffic.INSIDE,
                outside.ip(),
                "7000",
                "7001",
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

    /** A NAT PM's mappings without their idle times (which move on), as comparable text. */
    static List<String> states(ModuleHostDaemon host, String pm) {
        DaemonClient client = new DaemonClient(host.url(), "", "", 30_000);
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

    @Override
    public void close() {
        for (AutoCloseable part : new AutoCloseable[] {
            resource == null ? null : resource::stop,
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
