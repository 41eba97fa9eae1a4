package org.flowstream.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowstream.common.testing.Eventually.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.contracts.records.Structs;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.bench.StandInHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring daemon among real daemons over real XML-RPC on loopback: the real resource daemon (hosts,
 * allocations, ownership; its report_stats replaced by one that records what it is sent), and small real
 * daemons standing in for a module host and the openflow daemon. An allocation is installed for alice
 * through the resource daemon, which starts its PMs on the module host and wires it on the openflow daemon.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringDaemonTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    TestDaemon moduleHost;
    TestDaemon openflow;
    ResourceDaemon resource;
    MonitoringDaemon monitoring;
    int allocId;

    @BeforeAll
    void startPlatform() throws Exception {
        moduleHost = FakeSources.moduleHost(dir.resolve("mh1"), "mh1", 0);
        openflow = FakeSources.openflow(dir.resolve("of"));
        resource = startResource();
        registerHost("mh1", moduleHost);
        monitoring = new MonitoringDaemon(monitoringConfig());
        monitoring.start();

        ReturnValue accepted = client(resource.url(), TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD)
                .call("install_allocation", StandInHost.REQUEST);
        assertThat(accepted.isNotReady()).as(accepted.message()).isTrue();
        allocId = (Integer) accepted.value();
        ReturnValue active = await(
                "allocation " + allocId + " active",
                () -> operator(resource.url()).call("get_allocation", allocId),
                r -> !r.isNotReady());
        assertThat(active.isSuccess()).as(active.message()).isTrue();
    }

    @AfterAll
    void stopPlatform() {
        Stream.of(monitoring, resource, moduleHost, openflow)
                .filter(d -> d != null)
                .forEach(d -> d.stop());
    }

    // ---- the daemons ----

    static List<UserAccount> users() {
        return List.of(
                new UserAccount(TestDaemon.OPERATOR, TestDaemon.OPERATOR_PASSWORD, Role.OPERATOR),
                new UserAccount(TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD, Role.TENANT),
                new UserAccount(TestDaemon.OTHER_TENANT, TestDaemon.OTHER_TENANT_PASSWORD, Role.TENANT));
    }

    static DaemonConfig.Peer peer(URI url) {
        DaemonConfig.Peer peer = TestDaemon.operatorPeer(url == null ? "" : url.toString());
        peer.timeoutMillis = 5_000;
        return peer;
    }

    /** The real resource daemon, serving the repository's common and resource tasks. */
    ResourceDaemon startResource() throws Exception {
        Path tasks = dir.resolve("resource-tasks");
        for (String tier : List.of("common", "resource")) {
            Files.createDirectories(tasks.resolve(tier));
            try (Stream<Path> files = Files.list(TestDaemon.repositoryTasks().resolve(tier))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Files.copy(file, tasks.resolve(tier).resolve(file.getFileName()));
                }
            }
        }

        DaemonConfig config = new DaemonConfig();
        config.tasksDir = tasks.toString();
        config.stateDir = dir.resolve("resource-state").toString();
        config.users = users();
        config.peers.put("openflow", peer(openflow.url()));
        config.peers.put("modulehost", peer(null));
        Map<String, Integer> ioPorts = new LinkedHashMap<>();
        ioPorts.put("net0", 1);
        ioPorts.put("net1", 2);
        config.settings = JSON.valueToTree(Map.of("ioPorts", ioPorts, "switchName", "br0", "hostTimeoutSeconds", 3600));
        ResourceDaemon daemon = new ResourceDaemon(config);
        daemon.start();
        return daemon;
    }

    DaemonConfig monitoringConfig() {
        DaemonConfig config = new DaemonConfig();
        config.tasksDir = TestDaemon.repositoryTasks().toString();
        config.stateDir = dir.resolve("monitoring-state").toString();
        config.users = users();
        config.peers.put("resource", peer(resource.url()));
        config.peers.put("openflow", peer(openflow.url()));
        config.peers.put("modulehost", peer(null));
        config.settings = JSON.valueToTree(Map.of(
                "hostPollMillis",
                200,
                "openflowPollMillis",
                200,
                "pollTimeoutMillis",
                1_000,
                "missesBeforeDown",
                3,
                "reportMillis",
                300,
                "historySize",
                20,
                "metricsPort",
                0));
        return config;
    }

    void registerHost(String name, TestDaemon host) {
        ReturnValue r = operator(resource.url())
                .call("register_host", StandInHost.registration(name, host.url().toString(), 4.0, 4096));
        assertThat(r.isSuccess()).as(r.message()).isTrue();
    }

    static DaemonClient client(URI url, String user, String password) {
        return new DaemonClient(url, user, password, 30_000);
    }

    static DaemonClient operator(URI url) {
        return client(url, TestDaemon.OPERATOR, TestDaemon.OPERATOR_PASSWORD);
    }

    /** The last summary the resource daemon received (its get_platform_stats), or null before the first. */
    @SuppressWarnings("unchecked")
    Map<String, Object> lastReport() {
        ReturnValue latest = operator(resource.url()).call("get_platform_stats");
        return latest.isSuccess()
                ? JSON.convertValue(latest.value(), Map.class)
                : null; // XML-RPC arrays arrive as Object[]
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> hostIn(Map<String, Object> report, String name) {
        return ((List<Map<String, Object>>) report.get("hosts"))
                .stream().filter(h -> name.equals(h.get("name"))).findFirst().orElse(null);
    }

    // ---- the tests ----

    @Test
    @SuppressWarnings("unchecked")
    void statisticsFlowFromTheModuleHostAndTheOpenflowDaemonToTheResourceDaemon() throws Exception {
        Map<String, Object> report =
                await("a report with mh1's PMs and the allocation's counters", this::lastReport, r -> {
                    Map<String, Object> mh1 = hostIn(r, "mh1");
                    return mh1 != null
                            && mh1.get("pms") instanceof List<?> pms
                            && pms.size() == 2
                            && ((List<Map<String, Object>>) r.get("allocations"))
                                    .stream().anyMatch(a -> a.get("alloc_id").equals(allocId));
                });
        Map<String, Object> mh1 = hostIn(report, "mh1");
        assertThat(mh1.get("up")).isEqualTo(true);
        assertThat(((Number) mh1.get("cpu_cores")).doubleValue()).isEqualTo(FakeSources.HOST_CPU_CORES);
        assertThat(((Number) mh1.get("memory_total_mb")).intValue()).isEqualTo(FakeSources.HOST_MEMORY_MB);
        List<Map<String, Object>> pms = (List<Map<String, Object>>) mh1.get("pms");
        assertThat(pms)
                .extracting(p -> p.get("name"))
                .containsExactlyInAnyOrder("a%d-fw".formatted(allocId), "a%d-c".formatted(allocId));
        assertThat(pms).allSatisfy(pm -> {
            assertThat(((Number) pm.get("rx_packets")).intValue()).isEqualTo(FakeSources.PM_RX_PACKETS);
            assertThat(((Number) pm.get("tx_bytes")).intValue()).isEqualTo(FakeSources.PM_TX_BYTES);
        });
        Map<String, Object> allocation = ((List<Map<String, Object>>) report.get("allocations"))
                .stream()
                        .filter(a -> a.get("alloc_id").equals(allocId))
                        .findFirst()
                        .orElseThrow();
        assertThat(((Number) allocation.get("packets")).intValue()).isEqualTo(FakeSources.allocationPackets(allocId));
        assertThat(((Number) allocation.get("bytes")).intValue()).isEqualTo(FakeSources.allocationBytes(allocId));
        assertThat((List<Map<String, Object>>) report.get("switches"))
                .singleElement()
                .satisfies(sw -> assertThat(sw.get("name")).isEqualTo("br0"));
        assertThat((List<Object>) report.get("down_hosts")).doesNotContain("mh1");

        // Operators see the same through the monitoring daemon itself, with a bounded history per source.
        Object[] sources =
                (Object[]) operator(monitoring.url()).call("list_sources").value();
        assertThat(sources)
                .extracting(s -> ((Map<String, Object>) s).get("source"))
                .contains("host:mh1", "openflow", "resource");
        Object[] history = (Object[])
                operator(monitoring.url()).call("get_history", "host:mh1").value();
        assertThat(history.length).isBetween(1, 20);
        Map<String, Object> newest =
                (Map<String, Object>) ((Map<String, Object>) history[history.length - 1]).get("sample");
        assertThat(newest.get("host")).isEqualTo("mh1");
        assertThat((Object[]) newest.get("pms")).hasSize(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStoppedModuleHostIsReportedDownWhileASlowOneHoldsUpNoOtherSource() throws Exception {
        TestDaemon mh2 = FakeSources.moduleHost(dir.resolve("mh2"), "mh2", 0);
        // Answers get_load only after far longer than the poll timeout: it must miss its polls alone.
        TestDaemon slow = FakeSources.moduleHost(dir.resolve("slow"), "slow", 20_000);
        try {
            registerHost("mh2", mh2);
            registerHost("slow", slow);
            await(
                    "mh2 answering the monitoring daemon",
                    this::lastReport,
                    r -> hostIn(r, "mh2") != null && hostIn(r, "mh2").get("memory_total_mb") != null);

            mh2.stop();
            Map<String, Object> report = await(
                    "mh2 and slow reported down",
                    this::lastReport,
                    r -> ((List<String>) r.get("down_hosts")).containsAll(List.of("mh2", "slow")));
            assertThat((List<String>) report.get("down_hosts")).doesNotContain("mh1");
            assertThat(hostIn(report, "mh2").get("last_error").toString()).isNotEmpty();
            assertThat(hostIn(report, "slow").get("last_error").toString()).contains("no answer within 1000 ms");

            // mh1 keeps being polled: its history keeps growing while the other two are down.
            int before = samplesOf("host:mh1");
            await("more samples of mh1", () -> samplesOf("host:mh1"), n -> n > before || n == 20);
            assertThat(hostIn(lastReport(), "mh1").get("up")).isEqualTo(true);
        } finally {
            mh2.stop();
            slow.stop();
        }
    }

    @SuppressWarnings("unchecked")
    int samplesOf(String source) {
        Object[] sources =
                (Object[]) operator(monitoring.url()).call("list_sources").value();
        return Stream.of(sources)
                .map(s -> (Map<String, Object>) s)
                .filter(s -> source.equals(s.get("source")))
                .map(s -> (Integer) s.get("samples"))
                .findFirst()
                .orElse(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTenantReadsItsOwnFlowStatisticsAndNoOneElses() throws Exception {
        DaemonClient alice = client(monitoring.url(), TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD);
        ReturnValue own = await(
                "alice's statistics with PM counters",
                () -> alice.call("get_flow_stats", allocId),
                r -> r.isSuccess()
                        && ((Object[]) ((Map<String, Object>) r.value()).get("pms")).length == 2
                        && ((Map<String, Object>) ((Object[]) ((Map<String, Object>) r.value()).get("pms"))[0])
                                        .get("rx_packets")
                                instanceof Integer n
                        && n > 0);
        Map<String, Object> stats = (Map<String, Object>) own.value();
        assertThat(stats.get("tenant")).isEqualTo(TestDaemon.TENANT);
        assertThat(stats.get("packets")).isEqualTo(FakeSources.allocationPackets(allocId));
        assertThat(stats.get("bytes")).isEqualTo(FakeSources.allocationBytes(allocId));
        assertThat((Object[]) stats.get("connections")).singleElement().satisfies(c -> {
            Map<String, Object> connection = (Map<String, Object>) c;
            assertThat(connection.get("switch")).isEqualTo("br0");
            assertThat(connection.get("packets")).isEqualTo(FakeSources.allocationPackets(allocId));
        });
        for (Object p : (Object[]) stats.get("pms")) {
            Map<String, Object> pm = (Map<String, Object>) p;
            assertThat(pm.get("host")).isEqualTo("mh1");
            assertThat(pm.get("rx_packets")).isEqualTo(FakeSources.PM_RX_PACKETS);
            Map<String, Object> p0 = (Map<String, Object>) ((Map<String, Object>) pm.get("ports")).get("p0");
            assertThat(p0.get("rx_packets")).isEqualTo(FakeSources.PM_RX_PACKETS);
            assertThat(p0.get("switch_port")).isInstanceOf(Integer.class);
        }

        ReturnValue bobs = client(monitoring.url(), TestDaemon.OTHER_TENANT, TestDaemon.OTHER_TENANT_PASSWORD)
                .call("get_flow_stats", allocId);
        assertThat(bobs.isFailure()).isTrue();
        assertThat(bobs.value()).isNull();
        assertThat(bobs.message()).contains("no such allocation: " + allocId);
        ReturnValue unknown = alice.call("get_flow_stats", allocId + 1000);
        assertThat(unknown.message())
                .isEqualTo(bobs.message().replace(String.valueOf(allocId), String.valueOf(allocId + 1000)));
        assertThat(operator(monitoring.url()).call("get_flow_stats", allocId).isSuccess())
                .isTrue();
        assertThat(alice.call("list_sources").message()).contains("for operators");
    }

    @Test
    void theMetricsEndpointServesThePlatformInPrometheusTextFormat() throws Exception {
        String url = (String)
                ((Map<?, ?>) operator(monitoring.url()).call("get_status").value()).get("metrics_url");
        assertThat(url).startsWith("http://127.0.0.1:");
        client(monitoring.url(), TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD).call("get_flow_stats", allocId);
        HttpClient http = HttpClient.newHttpClient();
        String alloc = String.valueOf(allocId);
        PrometheusText metrics = await(
                "metrics with the PMs' and the allocation's counters",
                () -> scrape(http, url),
                m -> m.value(
                                        "flowstream_pm_packets_total",
                                        Map.of("pm", "a%d-fw".formatted(allocId), "port", "p0", "direction", "rx"))
                                .isPresent()
                        && m.value("flowstream_rule_packets_total", Map.of("alloc_id", alloc))
                                .isPresent());

        assertThat(metrics.types)
                .containsEntry("flowstream_pm_packets_total", "counter")
                .containsEntry("flowstream_host_cpu_cores", "gauge");
        assertThat(metrics.value("flowstream_host_cpu_cores", Map.of("host", "mh1")))
                .contains(FakeSources.HOST_CPU_CORES);
        assertThat(metrics.value("flowstream_host_memory_total_bytes", Map.of("host", "mh1")))
                .contains(FakeSources.HOST_MEMORY_MB * 1024.0 * 1024);
        assertThat(metrics.value(
                        "flowstream_pm_packets_total",
                        Map.of("host", "mh1", "pm", "a%d-c".formatted(allocId), "port", "p0", "direction", "rx")))
                .contains((double) FakeSources.PM_RX_PACKETS);
        assertThat(metrics.value("flowstream_pm_memory_bytes", Map.of("host", "mh1", "pm", "a%d-c".formatted(allocId))))
                .contains(1048576.0);
        assertThat(metrics.value(
                        "flowstream_rule_packets_total",
                        Map.of("alloc_id", alloc, "switch", "br0", "match", "ip,in_port=1,nw_src=10.0.0.1")))
                .contains((double) FakeSources.allocationPackets(allocId));
        assertThat(metrics.value("flowstream_allocation_bytes_total", Map.of("alloc_id", alloc)))
                .contains((double) FakeSources.allocationBytes(allocId));
        assertThat(metrics.value("flowstream_source_up", Map.of("kind", "host", "source", "mh1")))
                .contains(1.0);
        assertThat(metrics.value(
                        "flowstream_peer_requests_total",
                        Map.of("daemon", "modulehost", "method", "get_load", "outcome", "success")))
                .hasValueSatisfying(v -> assertThat(v).isPositive());
        assertThat(metrics.value(
                        "flowstream_peer_request_duration_seconds_count",
                        Map.of("daemon", "resource", "method", "list_hosts")))
                .hasValueSatisfying(v -> assertThat(v).isPositive());
        assertThat(metrics.value("flowstream_requests_total", Map.of("method", "get_flow_stats", "outcome", "success")))
                .hasValueSatisfying(v -> assertThat(v).isPositive());
        assertThat(metrics.find(
                        "flowstream_request_duration_seconds_bucket", Map.of("method", "get_flow_stats", "le", "+Inf")))
                .hasSize(1);
    }

    static PrometheusText scrape(HttpClient http, String url) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            return PrometheusText.parse(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void reportStatsKeepsTheLatestSummaryForOperators() throws Exception {
        DaemonConfig config = new DaemonConfig();
        config.tasksDir = TestDaemon.repositoryTasks().toString();
        config.stateDir = dir.resolve("resource2-state").toString();
        config.users = users();
        config.settings = JSON.valueToTree(Map.of("ioPorts", Map.of("net0", 1)));
        ResourceDaemon plain = new ResourceDaemon(config);
        plain.start();
        try {
            Map<String, Object> summary = new LinkedHashMap<>(Structs.toStruct(monitoring.summary()));
            ReturnValue answer = operator(plain.url()).call("report_stats", summary);
            assertThat(answer.isSuccess()).as(answer.message()).isTrue();
            assertThat(answer.value()).isEqualTo(((Object[]) summary.get("hosts")).length);
            assertThat(operator(plain.url()).call("get_platform_stats").isSuccess())
                    .isTrue();
            assertThat(client(plain.url(), TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD)
                            .call("report_stats", summary)
                            .message())
                    .contains("is for the platform's daemons and operators");
        } finally {
            plain.stop();
        }
    }
}
