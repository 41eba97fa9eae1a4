package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flowstream.common.netns.NetworkNamespace;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.testing.DaemonProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A module host daemon as a real process, killed with SIGKILL while it runs two PMs on a real switch: its PMs
 * keep forwarding; one of them is killed while no daemon watches. The restarted daemon takes over the PM that
 * survived (same process, same ports: traffic never stopped and flows on) and watches it from then on, and
 * cleans up after the one that died (its namespace is gone).
 */
class ModuleHostRestartTest {

    private PlatformFixture platform;
    private PlatformFixture.Host a;
    private PlatformFixture.Host b;
    private Process moduleHost;
    private DaemonClient client;
    private Path config;

    @BeforeEach
    void start() throws Exception {
        PlatformFixture.assumePlatform();
        platform = new PlatformFixture();
        a = platform.host("a", "10.78.0.1");
        b = platform.host("b", "10.78.0.2");
        PlatformFixture.neighbour(a, b);
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        config = writeConfig(port);
        client = new DaemonClient(URI.create("http://127.0.0.1:%d/RPC2".formatted(port)), "", "", 120_000);
        moduleHost = startModuleHost();
    }

    @AfterEach
    void stop() throws Exception {
        if (moduleHost != null) {
            moduleHost.destroy(); // SIGTERM: a daemon that stops deletes its PMs
            moduleHost.waitFor(60, TimeUnit.SECONDS);
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aRestartedModuleHostAdoptsThePmsThatSurvivedAndCleansUpTheDeadOnes() throws Exception {
        Map<String, Object> survivor =
                createPm("a1-c" + platform.suffix, "FromDevice(p0) -> c :: Counter -> ToDevice(p1)");
        Map<String, Object> victim = createPm("a2-n" + platform.suffix, "FromDevice(p0) -> Null -> ToDevice(p1)");
        platform.flow("priority=100,in_port=%d,udp,actions=output:%d"
                .formatted(a.ofport(), ModuleHostCalls.ofport(survivor, "p0")));
        platform.flow("priority=100,in_port=%d,actions=output:%d"
                .formatted(ModuleHostCalls.ofport(survivor, "p1"), b.ofport()));
        assertThat(datagramsThrough(10)).as("before the kill").isEqualTo(10);

        moduleHost.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no chance to delete its PMs
        ProcessHandle.of(((Number) victim.get("pid")).longValue()).ifPresent(ProcessHandle::destroyForcibly);
        assertThat(datagramsThrough(10)).as("with no module host daemon").isEqualTo(10);

        moduleHost = startModuleHost();
        Map<String, Object> adopted = ModuleHostCalls.listed(client, (String) survivor.get("name"));
        assertThat(adopted).as("the surviving PM is listed again").isNotNull();
        assertThat(adopted.get("pid")).isEqualTo(survivor.get("pid"));
        assertThat(adopted.get("state")).isEqualTo("running");
        assertThat(ModuleHostCalls.ofport(adopted, "p1")).isEqualTo(ModuleHostCalls.ofport(survivor, "p1"));
        assertThat(ModuleHostCalls.listed(client, (String) victim.get("name")))
                .as("the dead PM is not adopted")
                .isNull();
        assertThat(NetworkNamespace.list())
                .doesNotContain((String) victim.get("namespace"))
                .contains((String) adopted.get("namespace"));
        assertThat(datagramsThrough(10)).as("after the restart").isEqualTo(10);

        // The new daemon watches the adopted PM: its death is seen, and delete_pm removes what it had.
        ProcessHandle.of(((Number) survivor.get("pid")).longValue()).ifPresent(ProcessHandle::destroyForcibly);
        for (int i = 0;
                i < 100
                        && !"failed"
                                .equals(ModuleHostCalls.listed(client, (String) survivor.get("name"))
                                        .get("state"));
                i++) {
            Thread.sleep(100);
        }
        assertThat(ModuleHostCalls.listed(client, (String) survivor.get("name")).get("state"))
                .isEqualTo("failed");
        assertThat(client.call("delete_pm", Map.of("name", survivor.get("name")))
                        .isSuccess())
                .isTrue();
        assertThat(NetworkNamespace.list()).doesNotContain((String) adopted.get("namespace"));
    }

    private int datagramsThrough(int count) throws Exception {
        Traffic.Listener atB = Traffic.receive(b.ns(), count, 5000);
        try {
            Traffic.send(a.ns(), b.ip(), 5000, count);
            return Integer.parseInt(atB.result().split("=")[1].split(" ")[0]);
        } finally {
            atB.kill();
        }
    }

    private Map<String, Object> createPm(String name, String graph) {
        return ModuleHostCalls.createPm(client, Map.of("name", name, "config", graph));
    }

    private Process startModuleHost() throws Exception {
        return DaemonProcess.startAndAwait(
                ModuleHostDaemon.class, config, platform.dir.resolve("modulehost.log"), client);
    }

    private Path writeConfig(int port) throws Exception {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("bridge", platform.bridge);
        settings.put("ovsDb", "unix:" + platform.ovs.dbSocket());
        settings.put("ovsRunDir", platform.ovs.runDir().toString());
        settings.put("switchNetns", platform.ovs.netns().orElse(""));
        settings.put("hostName", "restart-" + platform.suffix);
        settings.put("defaultMemoryMb", 192);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("port", port);
        c.put("tasksDir", Path.of("../tasks").toAbsolutePath().normalize().toString());
        c.put("stateDir", platform.dir.resolve("restarting-host").toString());
        c.put("settings", settings);
        Path file = platform.dir.resolve("modulehost.json");
        new ObjectMapper().writeValue(file.toFile(), c);
        return file;
    }
}
