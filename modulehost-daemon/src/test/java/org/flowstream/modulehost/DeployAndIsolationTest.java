package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.common.rpc.ReturnValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * deploy_pm (compiled by the daemon, run only in PM processes) and the isolation of PM processes: a PM that
 * exhausts its memory dies alone and is reported, its neighbours and the daemon carry on; limits are set in the
 * OS as asked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployAndIsolationTest {

    private static final String MARKER = """
            package tenant.elements;

            import java.util.Map;
            import java.util.concurrent.atomic.AtomicLong;
            import org.flowstream.contracts.element.Signature;
            import org.flowstream.contracts.element.StateKind;
            import org.flowstream.modulehost.runtime.Element;
            import org.flowstream.modulehost.runtime.Packet;

            @Signature(
                    ports = "1/1",
                    description = "counts IPv4 packets and passes everything on",
                    primitives = {"Read", "Count"},
                    state = StateKind.ELEMENT,
                    counters = {"ipv4", "loaded_by"})
            public class Marker extends Element {
                private final AtomicLong ipv4 = new AtomicLong();

                @Override
                public void push(int port, Packet packet) {
                    if (packet.isIpv4()) {
                        ipv4.incrementAndGet();
                    }
                    output(0, packet);
                }

                @Override
                public Map<String, Object> stats() {
                    return Map.of("ipv4", ipv4.get(), "loaded_by", getClass().getClassLoader().getName());
                }
            }
            """;

    /** Keeps allocating until the PM's heap is gone (WarmPoolTest deploys it too). */
    static final String HOG = """
            import java.util.ArrayList;
            import java.util.List;
            import org.flowstream.modulehost.runtime.Element;
            import org.flowstream.modulehost.runtime.Packet;
            import org.flowstream.modulehost.runtime.RuntimeContext;

            /** Eats memory: a misbehaving tenant element. */
            public class MemoryHog extends Element {
                private final List<byte[]> hoard = new ArrayList<>();

                @Override
                public void initialize(RuntimeContext context) {
                    Thread t = new Thread(() -> {
                        while (true) {
                            hoard.add(new byte[1 << 20]);
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                }

                @Override
                public void push(int port, Packet packet) {
                    output(0, packet);
                }
            }
            """;

    /** Burns CPU on two threads forever: a looping tenant element. */
    private static final String SPINNER = """
            import org.flowstream.modulehost.runtime.Element;
            import org.flowstream.modulehost.runtime.Packet;
            import org.flowstream.modulehost.runtime.RuntimeContext;

            public class Spinner extends Element {
                public static volatile long sink;

                @Override
                public void initialize(RuntimeContext context) {
                    for (int i = 0; i < 2; i++) {
                        Thread t = new Thread(() -> {
                            while (true) {
                                sink++;
                            }
                        });
                        t.setDaemon(true);
                        t.start();
                    }
                }

                @Override
                public void push(int port, Packet packet) {
                    output(0, packet);
                }
            }
            """;

    private PlatformFixture platform;

    @BeforeAll
    void start() throws Exception {
        PlatformFixture.assumePlatform();
        platform = new PlatformFixture();
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private ReturnValue deploy(String name, String source) {
        return platform.client.call("deploy_pm", name, source);
    }

    private ReturnValue create(String name, String config, int memoryMb, int cpuPercent) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("name", name);
        pm.put("config", config);
        pm.put("memory_mb", memoryMb);
        pm.put("cpu_percent", cpuPercent);
        return platform.client.call("create_pm", pm);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> listed(String name) {
        for (Object o : (Object[]) platform.client.call("list_pms").value()) {
            if (((Map<String, Object>) o).get("name").equals(name)) {
                return (Map<String, Object>) o;
            }
        }
        return null;
    }

    @Test
    void sourceThatDoesNotCompileIsRefusedWithTheCompilersMessages() {
        ReturnValue broken = deploy(
                "Broken",
                "public class Broken extends org.flowstream.modulehost.runtime.Element {\n"
                        + "  public void push(int port, org.flowstream.modulehost.runtime.Packet p) { int x = \"text\"; }\n}\n");
        assertThat(broken.isFailure()).isTrue();
        assertThat(broken.message()).contains("Broken.java:2:").contains("incompatible types");
        ReturnValue notElement = deploy("Plain", "public class Plain { }");
        assertThat(notElement.isFailure()).isTrue();
        assertThat(notElement.message())
                .contains("must declare a public class Plain that extends org.flowstream.modulehost.runtime.Element");
        assertThat(deploy("Counter", MARKER).message()).contains("built-in");
        assertThat(info())
                .doesNotContain("Broken", "Plain")
                .contains(
                        "IPFilter(RULE...): firewall",
                        "type=IPRewriter",
                        "Write=true",
                        "state=flow",
                        "Mirror()",
                        "Duplicate=true");
    }

    private String info() {
        ReturnValue answer = platform.client.call("get_pm_info");
        assertThat(answer.isSuccess()).isTrue();
        return java.util.Arrays.deepToString((Object[]) answer.value());
    }

    @Test
    void deployedElementRunsInNewPmsWithoutRestartButNeverInTheDaemon() throws Exception {
        ReturnValue answer = deploy("Marker", MARKER);
        assertThat(answer.isSuccess()).as(answer.message()).isTrue();
        assertThat(info())
                .contains("Marker(): counts IPv4 packets")
                .contains("deployed=true")
                .contains("ports=1/1")
                .contains("className=Marker");
        String name = "marker" + platform.suffix;
        ReturnValue created = create(name, "FromDevice(p0) -> m :: Marker -> Discard", 192, 50);
        assertThat(created.isSuccess()).as(created.message()).isTrue();
        Map<String, Object> pm = null;
        for (int i = 0;
                i < 300 && (pm == null || !String.valueOf(pm.get("stats")).contains("loaded_by"));
                i++) {
            Thread.sleep(100);
            pm = listed(name);
        }
        assertThat(String.valueOf(pm.get("stats"))).contains("ipv4=0").contains("loaded_by=deployed-Marker");
        // The daemon compiled the class but never loaded it.
        assertThatThrownBy(
                        () -> Class.forName("tenant.elements.Marker", false, ModuleHostDaemon.class.getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(platform.client.call("delete_pm", name).isSuccess()).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void pmExhaustingItsMemoryDiesAloneAndIsReported() throws Exception {
        assertThat(deploy("MemoryHog", HOG).isSuccess()).isTrue();
        String steady = "steady" + platform.suffix;
        ReturnValue created = create(steady, "FromDevice(p0) -> Counter -> ToDevice(p0)", 160, 30);
        assertThat(created.isSuccess()).as(created.message()).isTrue();
        Map<String, Object> limits = (Map<String, Object>) ((Map<String, Object>) created.value()).get("limits");
        if ("cgroup-v1".equals(limits.get("mechanism"))) {
            // The OS holds the limits asked for.
            List<Object> groups = List.of((Object[]) limits.get("cgroups"));
            Path memory = Path.of((String) groups.get(0));
            Path cpu = Path.of((String) groups.get(1));
            assertThat(Long.parseLong(Files.readString(memory.resolve("memory.limit_in_bytes"))
                            .strip()))
                    .isEqualTo(160L << 20);
            assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us")).strip())
                    .isEqualTo("30000");
            int pid = (Integer) ((Map<String, Object>) created.value()).get("pid");
            assertThat(Files.readString(memory.resolve("cgroup.procs"))).contains(Integer.toString(pid));
        }

        String hog = "hog" + platform.suffix;
        // The hog may already be dead when create_pm would answer: both outcomes are a reported failure.
        ReturnValue hogCreated = create(hog, "FromDevice(p0) -> MemoryHog -> Discard", 128, 50);
        if (hogCreated.isSuccess()) {
            Map<String, Object> pm = listed(hog);
            for (int i = 0; i < 600 && !"failed".equals(pm.get("state")); i++) {
                Thread.sleep(100);
                pm = listed(hog);
            }
            assertThat(pm.get("state")).isEqualTo("failed");
            assertThat((Integer) pm.get("exit_code")).isIn(3, 137);
            assertThat(platform.client.call("delete_pm", hog).isSuccess()).isTrue();
        } else {
            assertThat(hogCreated.message()).containsAnyOf("exited with code 3", "exited with code 137");
            assertThat(listed(hog)).isNull();
        }
        assertThat(listed(steady).get("state")).isEqualTo("running");
        assertThat(platform.client.call("ping", "still here").isSuccess()).isTrue();
        assertThat(platform.client.call("delete_pm", steady).isSuccess()).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void loopingPmIsHeldToItsCpuQuotaByTheOs() throws Exception {
        assertThat(deploy("Spinner", SPINNER).isSuccess()).isTrue();
        String name = "spin" + platform.suffix;
        ReturnValue created = create(name, "FromDevice(p0) -> Spinner -> Discard", 160, 10);
        assertThat(created.isSuccess()).as(created.message()).isTrue();
        Map<String, Object> pm = listed(name);
        for (int i = 0;
                i < 600
                        && ((Map<String, Object>) pm.get("usage")).getOrDefault("cpu_throttled_periods", 0)
                                instanceof Integer n
                        && n == 0;
                i++) {
            Thread.sleep(100);
            pm = listed(name);
        }
        Map<String, Object> limits = (Map<String, Object>) pm.get("limits");
        if (!"jvm".equals(limits.get("mechanism"))) {
            // The kernel stopped it when it reached its 10% share: the quota is enforced, not advisory.
            assertThat((Integer) ((Map<String, Object>) pm.get("usage")).get("cpu_throttled_periods"))
                    .isPositive();
        }
        assertThat(pm.get("state")).isEqualTo("running");
        assertThat(platform.client.call("ping", "responsive").isSuccess()).isTrue();
        assertThat(platform.client.call("delete_pm", name).isSuccess()).isTrue();
    }
}
