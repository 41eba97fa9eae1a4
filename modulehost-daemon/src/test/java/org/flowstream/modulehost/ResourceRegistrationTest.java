package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.TestDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The module host registers with the resource daemon (a stand-in daemon whose register_host, host_heartbeat and
 * pm_failed commands record what they get), heartbeats its load, and pushes the death of a PM.
 */
class ResourceRegistrationTest {

    private TestDaemon resource;
    private PlatformFixture platform;
    private Path dir;

    @AfterEach
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
        if (resource != null) {
            resource.close();
        }
        if (dir != null) {
            IpCommand.tryRun(List.of("rm", "-rf", dir.toString()));
        }
    }

    private static ResourceCalls.Call await(Predicate<ResourceCalls.Call> condition) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            for (ResourceCalls.Call call : ResourceCalls.CALLS) {
                if (condition.test(call)) {
                    return call;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such call to the resource daemon; calls: " + ResourceCalls.CALLS);
    }

    private static List<Object> items(Object array) {
        return array instanceof Object[] a ? List.of(a) : List.copyOf((List<?>) array);
    }

    @Test
    void registersHeartbeatsAndReportsADeadPm() throws Exception {
        PlatformFixture.assumePlatform();
        dir = Files.createTempDirectory("fake-resource");
        resource = TestDaemon.start(dir);
        resource.writeTask("RegisterHost", ResourceCalls.recorder("RegisterHost", "register_host"));
        resource.writeTask("HostHeartbeat", ResourceCalls.recorder("HostHeartbeat", "host_heartbeat"));
        resource.writeTask("PmFailed", ResourceCalls.recorder("PmFailed", "pm_failed"));
        platform = new PlatformFixture(config -> {
            config.peers.put("resource", TestDaemon.operatorPeer(resource.url().toString()));
            ((ObjectNode) config.settings).put("heartbeatSeconds", 1);
            ((ObjectNode) config.settings).putArray("switchPorts").add("uplink0");
        });
        String host = "testhost-" + platform.suffix;

        ResourceCalls.Call registration = await(
                c -> c.method().equals("register_host") && host.equals(c.param().get("name")));
        assertThat(registration.param().get("url"))
                .isEqualTo(platform.daemon.url().toString());
        assertThat(((Number) registration.param().get("cpu_cores")).doubleValue())
                .isPositive(); // fractional cores allowed
        assertThat(((Number) registration.param().get("memory_mb")).longValue()).isPositive();
        assertThat(items(registration.param().get("basesys"))).contains("linux.netns");
        assertThat(items(registration.param().get("switch_ports"))).containsExactly("uplink0");
        await(c -> c.method().equals("host_heartbeat") && host.equals(c.param().get("host")));

        String name = "doomed" + platform.suffix;
        ReturnValue created =
                platform.client.call("create_pm", Map.of("name", name, "config", "FromDevice(p0) -> Discard"));
        assertThat(created.isSuccess()).as(created.message()).isTrue();
        int pid = (Integer) ((Map<?, ?>) created.value()).get("pid");
        IpCommand.run(List.of("kill", "-9", Integer.toString(pid)));
        ResourceCalls.Call failure = await(
                c -> c.method().equals("pm_failed") && name.equals(c.param().get("name")));
        assertThat(failure.param().get("exit_code")).isEqualTo(137);
        assertThat(failure.param().get("state")).isEqualTo("failed");
        assertThat(failure.param().get("host")).isEqualTo(host);
    }
}
