package org.flowstream.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.testing.DaemonProcess;
import org.flowstream.common.testing.FreePort;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.modulehost.ModuleHostDaemon;
import org.flowstream.resource.ResourceDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover asks before it moves, with a real module host daemon process heartbeating to a real resource daemon
 * over XML-RPC. Paused (SIGSTOP) for longer than the heartbeat timeout, the host misses its heartbeats; the resource
 * daemon pings it before it declares it down, and the host, resumed while that ping waits, answers: it stays up.
 * Killed (SIGKILL), it refuses the ping and is marked down. The host runs no PM, so nothing here touches the kernel.
 */
class LateHeartbeatTest {

    private static final String SERVICE_PASSWORD = "service-password";
    private static final String HOST = "mh-late";

    @TempDir
    Path dir;

    private ResourceDaemon resource;
    private Process moduleHost;

    @BeforeEach
    void start() throws Exception {
        ObjectNode settings = JsonNodeFactory.instance
                .objectNode()
                .put("hostTimeoutSeconds", 2)
                .put("hostCheckSeconds", 1)
                .put("hostProbeSeconds", 20); // far beyond the pause below: the ping is still waiting at the resume
        settings.putObject("ioPorts").put("h1", 1);
        resource = new ResourceDaemon(config("resource", settings, Map.of("modulehost", peer(""))));
        resource.start();
        moduleHost = startModuleHost();
        awaitHostUp(true, "the module host registers");
    }

    @AfterEach
    void stop() throws Exception {
        if (moduleHost != null) {
            signal("CONT");
            moduleHost.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (resource != null) {
            resource.stop();
        }
    }

    @Test
    void aPausedHostThatAnswersWhenAskedStaysUpAndAKilledOneIsMarkedDown() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean everDown = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                everDown.compareAndSet(false, !hostUp());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        signal("STOP");
        // Past the heartbeat timeout and the next check: the resource daemon is now waiting for the host's answer.
        Thread.sleep(5_000);
        signal("CONT");
        Thread.sleep(3_000); // the pending ping is answered, heartbeats resume
        watcher.interrupt();
        watcher.join();
        assertThat(everDown).as("the paused, then resumed host was marked down").isFalse();

        moduleHost.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        moduleHost = null;
        awaitHostUp(false, "the killed host is marked down");
    }

    private boolean hostUp() {
        for (Object row : (Object[]) operator().call("list_hosts").value()) {
            Map<?, ?> host = (Map<?, ?>) row;
            if (HOST.equals(host.get("name"))) {
                return Boolean.TRUE.equals(host.get("up"));
            }
        }
        return false;
    }

    private void awaitHostUp(boolean up, String what) throws InterruptedException {
        for (int i = 0; i < 1800 && hostUp() != up; i++) {
            Thread.sleep(100);
        }
        assertThat(hostUp()).as(what).isEqualTo(up);
    }

    private void signal(String name) throws Exception {
        if (moduleHost != null && moduleHost.isAlive()) {
            new ProcessBuilder("kill", "-" + name, Long.toString(moduleHost.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
        }
    }

    private Process startModuleHost() throws Exception {
        int port = FreePort.pick();
        ObjectNode settings = JsonNodeFactory.instance
                .objectNode()
                .put("bridge", "fs-late-nobridge")
                .put("hostName", HOST)
                .put("heartbeatSeconds", 1);
        DaemonConfig config = config(
                "modulehost", settings, Map.of("resource", peer(resource.url().toString())));
        config.port = port;
        Path file = dir.resolve("modulehost.json");
        new ObjectMapper().writeValue(file.toFile(), config);
        DaemonClient host = new DaemonClient(
                URI.create("http://127.0.0.1:%d/RPC2".formatted(port)), "svc", SERVICE_PASSWORD, 5_000);
        return DaemonProcess.startAndAwait(ModuleHostDaemon.class, file, dir.resolve("modulehost.log"), host);
    }

    private DaemonClient operator() {
        return new DaemonClient(resource.url(), "svc", SERVICE_PASSWORD, 30_000);
    }

    private DaemonConfig config(String name, ObjectNode settings, Map<String, DaemonConfig.Peer> peers) {
        DaemonConfig config = new DaemonConfig();
        config.tasksDir = TestDaemon.repositoryTasks().toString();
        config.stateDir = dir.resolve(name).toString();
        config.users = List.of(new UserAccount("svc", SERVICE_PASSWORD, Role.SERVICE));
        config.settings = settings;
        config.peers.putAll(peers);
        return config;
    }

    private static DaemonConfig.Peer peer(String url) {
        return DaemonConfig.Peer.of(url, "svc", SERVICE_PASSWORD);
    }
}
