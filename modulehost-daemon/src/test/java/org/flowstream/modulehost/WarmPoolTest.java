package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.flowstream.common.io.PropertiesFiles;
import org.flowstream.common.netns.NetworkNamespace;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.DaemonProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warm pool ({@code pool/WarmPool}) with a real module host daemon process, a real switch and real PM processes:
 * a PM made from a pre-started runtime runs in that runtime's process and namespace and forwards traffic like a PM
 * started cold beside it; the pool refills; an idle slot that dies is replaced and leaves nothing; a pooled PM over its
 * memory limit dies alone; and a module host killed with SIGKILL while slots wait leaves nothing behind once it runs
 * again (its pooled PM is adopted and forwards on).
 */
class WarmPoolTest {

    private static final int POOL_MB = 128;

    private PlatformFixture platform;
    private PlatformFixture.Host a;
    private PlatformFixture.Host b;
    private Process moduleHost;
    private DaemonClient client;
    private Path config;
    private Path stateDir;
    private int port;
    private org.flowstream.modulehost.net.OvsBridge switchPorts;

    @BeforeEach
    void start() throws Exception {
        PlatformFixture.assumePlatform();
        platform = new PlatformFixture();
        a = platform.host("a", "10.79.0.1");
        b = platform.host("b", "10.79.0.2");
        PlatformFixture.neighbour(a, b);
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        stateDir = platform.dir.resolve("pooled-host");
        config = writeConfig(port, "pooled");
        client = new DaemonClient(URI.create("http://127.0.0.1:%d/RPC2".formatted(port)), "", "", 120_000);
        moduleHost = startModuleHost();
        switchPorts = platform.switchPorts("");
    }

    @AfterEach
    void stop() throws Exception {
        if (moduleHost != null) {
            moduleHost.destroy(); // SIGTERM: a daemon that stops deletes its PMs and its idle slots
            moduleHost.waitFor(60, TimeUnit.SECONDS);
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void pooledPmsForwardLikeColdOnesAndSlotsAreReplacedAndDieAlone() throws Exception {
        Map<String, Properties> slots = awaitWarmSlots(1);
        Properties slot = slots.values().iterator().next();
        assertOwnerOnly(stateDir.resolve("pool"));

        Map<String, Object> pooled =
                createPm("pooled" + platform.suffix, "FromDevice(p0) -> Counter -> ToDevice(p1)", POOL_MB);
        assertThat(((Number) pooled.get("pid")).longValue())
                .as("the PM is the slot's runtime")
                .isEqualTo(Long.parseLong(slot.getProperty("pid")));
        assertThat(pooled.get("namespace")).isEqualTo("fspm-" + slot.getProperty("id"));
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(stateDir.resolve("pms").resolve((String) pooled.get("name")))))
                .as("the PM's directory, which its slot's log moved to")
                .isEqualTo("rwx------");
        assertThat(((Map<String, Object>) pooled.get("limits")).get("memory_bytes"))
                .isIn((long) POOL_MB << 20, POOL_MB << 20);
        // No slot of 192 MB: this one starts its own JVM (the fast way), beside it.
        Map<String, Object> cold = createPm("cold" + platform.suffix, "FromDevice(p0) -> Counter -> ToDevice(p1)", 192);
        assertThat(datagramsThrough(pooled, 10)).as("through the pooled PM").isEqualTo(10);
        assertThat(datagramsThrough(cold, 10)).as("through the cold PM").isEqualTo(10);

        // The pool refills with a new slot; the taken one is no slot any more.
        Map<String, Properties> refilled = awaitWarmSlots(1);
        assertThat(refilled).doesNotContainKey(slot.getProperty("id"));

        // An idle slot that dies is removed (namespace, cgroup, claim) and replaced.
        Properties idle = refilled.values().iterator().next();
        ProcessHandle.of(Long.parseLong(idle.getProperty("pid"))).ifPresent(ProcessHandle::destroyForcibly);
        Map<String, Properties> replaced = awaitWarmSlots(1, idle.getProperty("id"));
        assertThat(replaced).doesNotContainKey(idle.getProperty("id"));
        awaitGone("fspm-" + idle.getProperty("id"));
        assertThat(stateDir.resolve("owned").resolve(idle.getProperty("id") + ".properties"))
                .doesNotExist();

        // A pooled PM over its memory limit dies alone.
        assertThat(client.call("deploy_pm", "MemoryHog", DeployAndIsolationTest.HOG)
                        .isSuccess())
                .isTrue();
        String hog = "hog" + platform.suffix;
        ReturnValue hogCreated = client.call("create_pm", pm(hog, "FromDevice(p0) -> MemoryHog -> Discard", POOL_MB));
        if (hogCreated.isSuccess()) {
            assertThat(((Number) ((Map<String, Object>) hogCreated.value()).get("pid")).longValue())
                    .as("the hog runs in the slot's runtime")
                    .isEqualTo(
                            Long.parseLong(replaced.values().iterator().next().getProperty("pid")));
            Map<String, Object> listed = ModuleHostCalls.listed(client, hog);
            for (int i = 0; i < 600 && !"failed".equals(listed.get("state")); i++) {
                Thread.sleep(100);
                listed = ModuleHostCalls.listed(client, hog);
            }
            assertThat(listed.get("state")).isEqualTo("failed");
            assertThat((Integer) listed.get("exit_code")).isIn(3, 137);
            assertThat(client.call("delete_pm", hog).isSuccess()).isTrue();
        } else {
            assertThat(hogCreated.message()).containsAnyOf("exited with code 3", "exited with code 137");
        }
        assertThat(ModuleHostCalls.listed(client, (String) pooled.get("name")).get("state"))
                .isEqualTo("running");
        assertThat(datagramsThrough(pooled, 10))
                .as("the pooled PM after the hog died")
                .isEqualTo(10);
        assertThat(client.call("delete_pm", pooled.get("name")).isSuccess()).isTrue();
        awaitGone((String) pooled.get("namespace"));
        String pooledId = ((String) pooled.get("namespace")).substring("fspm-".length());
        for (int i = 0; i < 3; i++) { // its two ports and the one its slot made ahead that it did not use
            assertThat(switchPorts.hasPort("fs" + pooledId + "p" + i))
                    .as("switch port p" + i)
                    .isFalse();
        }
    }

    /**
     * No other local user may read or write anything of the warm pool: its directory and each slot's 0700, every file
     * (slot records, logs, the warm marker; a socket or fifo would be listed too) 0600. A slot's standard input is a
     * pipe with no name on disk.
     */
    private static void assertOwnerOnly(Path poolDir) throws java.io.IOException {
        List<Path> paths;
        try (var walk = Files.walk(poolDir)) {
            paths = walk.toList();
        }
        assertThat(paths)
                .as("the pool's directory, a slot's directory and its files")
                .hasSizeGreaterThan(3);
        for (Path path : paths) {
            String mode;
            try {
                mode = PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(path, java.nio.file.LinkOption.NOFOLLOW_LINKS));
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // a record replaced meanwhile (a refill)
            }
            assertThat(mode)
                    .as(path.toString())
                    .isEqualTo(
                            Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                                    ? "rwx------"
                                    : "rw-------");
        }
    }

    @Test
    void badStartUpRequestsAreRefusedInWordsAndChangeNothing() throws Exception {
        ReturnValue tooMany = client.call("set_pm_startup", "pooled", 1000);
        assertThat(tooMany.isSuccess()).isFalse();
        assertThat(tooMany.message()).contains("pool_slots must be 0 to 64").doesNotContain("Exception");
        ReturnValue unknown = client.call("set_pm_startup", "warp");
        assertThat(unknown.isSuccess()).isFalse();
        assertThat(unknown.message()).contains("'warp' is not known").doesNotContain("Exception");
        Map<String, Object> startup = startup();
        assertThat(startup.get("mode")).isEqualTo("pooled");
        assertThat(((Map<?, ?>) startup.get("pool")).get("slots_per_size")).isEqualTo(1);

        // Resized at run time: a second slot is made; off, the idle ones go (their namespaces with them).
        assertThat(client.call("set_pm_startup", "pooled", 2).isSuccess()).isTrue();
        Map<String, Properties> two = awaitWarmSlots(2);
        assertThat(client.call("set_pm_startup", "fast").isSuccess()).isTrue();
        for (String id : two.keySet()) {
            awaitGone("fspm-" + id);
        }
        assertThat(listFiles(stateDir.resolve("pool"))).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> startup() {
        return (Map<String, Object>)
                ((Map<String, Object>) client.call("get_load").value()).get("pm_startup");
    }

    @Test
    void aModuleHostKilledWithSlotsWaitingLeavesNothingOnceItRunsAgain() throws Exception {
        Map<String, Properties> slots = awaitWarmSlots(1);
        Map<String, Object> pooled =
                createPm("kept" + platform.suffix, "FromDevice(p0) -> Counter -> ToDevice(p1)", POOL_MB);
        Map<String, Properties> waiting = awaitWarmSlots(1);
        List<String> slotIds = new ArrayList<>(waiting.keySet());
        assertThat(slotIds).doesNotContainAnyElementsOf(slots.keySet());

        moduleHost.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no chance to remove its slots
        assertThat(datagramsThrough(pooled, 10))
                .as("with no module host daemon")
                .isEqualTo(10);

        // Started again without a pool: whatever the slots had must go, and the pooled PM is taken over.
        config = writeConfig(port, "fast");
        moduleHost = startModuleHost();
        for (String id : slotIds) {
            awaitGone("fspm-" + id);
            assertThat(stateDir.resolve("owned").resolve(id + ".properties")).doesNotExist();
            assertThat(switchPorts.hasPort("fs" + id + "p0"))
                    .as("slot " + id + "'s switch port")
                    .isFalse();
            for (Path parent : cgroupParents(pooled)) {
                assertThat(parent.resolve("pm-" + id))
                        .as("cgroup of slot " + id)
                        .doesNotExist();
            }
            long pid = Long.parseLong(waiting.get(id).getProperty("pid"));
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("slot runtime " + pid)
                    .isFalse();
        }
        assertThat(listFiles(stateDir.resolve("pool"))).as("slot records").isEmpty();
        Map<String, Object> adopted = ModuleHostCalls.listed(client, (String) pooled.get("name"));
        assertThat(adopted).as("the pooled PM is adopted").isNotNull();
        assertThat(adopted.get("pid")).isEqualTo(pooled.get("pid"));
        assertThat(datagramsThrough(adopted, 10)).as("after the restart").isEqualTo(10);
    }

    /** Where the module host makes PM cgroups: the parents of a PM's groups (none without cgroups). */
    @SuppressWarnings("unchecked")
    private static List<Path> cgroupParents(Map<String, Object> pm) {
        Object groups = ((Map<String, Object>) pm.get("limits")).get("cgroups");
        List<Path> parents = new ArrayList<>();
        if (groups instanceof Object[] list) {
            for (Object group : list) {
                parents.add(Path.of((String) group).getParent());
            }
        }
        return parents;
    }

    /** Waits until the pool holds {@code count} warm slots (other than {@code except}); their records by id. */
    private Map<String, Properties> awaitWarmSlots(int count, String... except) throws Exception {
        for (int i = 0; i < 1200; i++) {
            Map<String, Properties> warm = new LinkedHashMap<>();
            for (Path dir : listFiles(stateDir.resolve("pool"))) {
                var record = PropertiesFiles.read(dir.resolve("slot.properties"));
                if (Files.exists(dir.resolve("warm"))
                        && record.isPresent()
                        && !List.of(except).contains(record.get().getProperty("id"))) {
                    warm.put(record.get().getProperty("id"), record.get());
                }
            }
            if (warm.size() >= count) {
                return warm;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the pool has no " + count + " warm slot(s) after 120 s: "
                + client.call("get_load").value());
    }

    private static List<Path> listFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static void awaitGone(String namespace) throws InterruptedException {
        for (int i = 0; i < 200 && NetworkNamespace.list().contains(namespace); i++) {
            Thread.sleep(100);
        }
        assertThat(NetworkNamespace.list()).doesNotContain(namespace);
    }

    private int datagramsThrough(Map<String, Object> pm, int count) throws Exception {
        platform.flow("priority=100,in_port=%d,udp,actions=output:%d"
                .formatted(a.ofport(), ModuleHostCalls.ofport(pm, "p0")));
        platform.flow(
                "priority=100,in_port=%d,actions=output:%d".formatted(ModuleHostCalls.ofport(pm, "p1"), b.ofport()));
        Traffic.Listener atB = Traffic.receive(b.ns(), count, 5000);
        try {
            Traffic.send(a.ns(), b.ip(), 5000, count);
            return Integer.parseInt(atB.result().split("=")[1].split(" ")[0]);
        } finally {
            atB.kill();
        }
    }

    private static Map<String, Object> pm(String name, String graph, int memoryMb) {
        return Map.of("name", name, "config", graph, "memory_mb", memoryMb);
    }

    private Map<String, Object> createPm(String name, String graph, int memoryMb) {
        return ModuleHostCalls.createPm(client, pm(name, graph, memoryMb));
    }

    private Process startModuleHost() throws Exception {
        return DaemonProcess.startAndAwait(
                ModuleHostDaemon.class, config, platform.dir.resolve("pooled-host.log"), client);
    }

    private Path writeConfig(int port, String startup) throws Exception {
        ObjectNode settings = JsonNodeFactory.instance.objectNode();
        settings.put("bridge", platform.bridge);
        settings.put("ovsDb", "unix:" + platform.ovs.dbSocket());
        settings.put("ovsRunDir", platform.ovs.runDir().toString());
        settings.put("switchNetns", platform.ovs.netns().orElse(""));
        settings.put("hostName", "pooled-" + platform.suffix);
        settings.put("pmStartup", startup);
        settings.put("pmPoolSlots", 1);
        settings.putArray("pmPoolMemoryMb").add(POOL_MB);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("port", port);
        c.put("tasksDir", Path.of("../tasks").toAbsolutePath().normalize().toString());
        c.put("stateDir", stateDir.toString());
        c.put("settings", settings);
        Path file = platform.dir.resolve("pooled-host.json");
        new ObjectMapper().writeValue(file.toFile(), c);
        return file;
    }
}
