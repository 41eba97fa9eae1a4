package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.io.FileTrees;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.WireFormatException;
import org.flowstream.contracts.records.modulehost.HostLoad;
import org.flowstream.contracts.records.modulehost.PmDescription;
import org.flowstream.contracts.records.modulehost.PmLoad;
import org.flowstream.contracts.records.modulehost.PmRequest;
import org.flowstream.contracts.records.monitoring.AllocationFlowStats;
import org.flowstream.contracts.records.monitoring.AllocationSummary;
import org.flowstream.contracts.records.monitoring.HostSummary;
import org.flowstream.contracts.records.monitoring.PlatformSummary;
import org.flowstream.contracts.records.monitoring.SwitchTotals;
import org.flowstream.contracts.records.openflow.FlowStats;
import org.flowstream.contracts.records.openflow.PortStats;
import org.flowstream.contracts.records.resource.AllocationRow;
import org.flowstream.contracts.records.resource.AllocationStatus;
import org.flowstream.contracts.records.resource.HostListing;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.modulehost.pm.PmInstance;
import org.flowstream.monitoring.MonitoringDaemon;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.gateway.HostedPm;
import org.flowstream.resource.hosts.ModuleHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The contracts between the daemons, exchanged by the real daemons over real XML-RPC: a module host on a real
 * Open vSwitch (userspace datapath, private run directory), the openflow daemon that switch connects to, the
 * resource daemon the module host registers with, and the monitoring daemon polling all three. A tenant installs
 * one allocation (a Counter between two traffic hosts) and every message the daemons exchanged for it is read
 * back on the receiving side and compared with what the sending side holds; then the resource daemon's gateway
 * creates, lists and deletes a PM of its own on the module host (create_pm, list_pms, delete_pm). Each message is read by its
 * contract record (org.flowstream.contracts.records), so a field renamed on one side fails here, naming it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformContractsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST = """
            BASESYS=linux.netns
            in :: FromNet("ip,nw_src=10.79.0.1")
            c :: Counter
            out :: ToNet(net1)
            in -> c -> out
            """;

    private Path dir;
    private PlatformFixture platform;
    private OpenflowDaemon openflow;
    private ResourceDaemon resource;
    private MonitoringDaemon monitoring;
    private DaemonClient operator;
    private DaemonClient tenant;
    private int allocId;

    @BeforeAll
    void startPlatform() throws Exception {
        PlatformFixture.assumePlatform();
        dir = Files.createTempDirectory("contracts");
        int resourcePort = freePort();
        platform = new PlatformFixture((ovs, config) -> {
            // Open vSwitch reaches a unix controller socket only in its own run directory.
            openflow = startOpenflow(ovs.runDir().resolve("contracts.sock"));
            config.peers.put("resource", peer(URI.create("http://127.0.0.1:%d/RPC2".formatted(resourcePort))));
            ((ObjectNode) config.settings).put("heartbeatSeconds", 1);
            ((ObjectNode) config.settings).putArray("switchPorts").add("uplink0");
        });
        PlatformFixture.Host a = platform.host("a", "10.79.0.1");
        PlatformFixture.Host b = platform.host("b", "10.79.0.2");
        platform.ovs.setController(
                platform.bridge, "unix:" + platform.ovs.runDir().resolve("contracts.sock"));
        await("the bridge connects", () -> openflow.rules().lastReconcile(platform.bridge), r -> r.isPresent());

        resource = startResource(resourcePort, a.ofport(), b.ofport());
        operator = new DaemonClient(resource.url(), TestDaemon.OPERATOR, TestDaemon.OPERATOR_PASSWORD, 60_000);
        tenant = new DaemonClient(resource.url(), TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD, 60_000);
        await("the module host registers", () -> platform.daemon.registered(), r -> r);
        monitoring = startMonitoring();
        resource.config().peers.put("monitoring", peer(monitoring.url()));

        ReturnValue accepted = tenant.call("install_allocation", REQUEST);
        assertThat(accepted.isNotReady()).as(accepted.message()).isTrue();
        allocId = (Integer) accepted.value();
        ReturnValue active =
                await("allocation active", () -> tenant.call("get_allocation", allocId), r -> !r.isNotReady());
        assertThat(active.isSuccess()).as(active.message()).isTrue();
    }

    @AfterAll
    void stopPlatform() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {
            monitoring == null ? null : monitoring::stop,
            resource == null ? null : resource::stop,
            platform,
            openflow == null ? null : openflow::stop
        }) {
            if (part != null) {
                part.close();
            }
        }
        if (dir != null) {
            FileTrees.delete(dir);
        }
    }

    // ---- resource <-> module host ----

    @Test
    @Order(1)
    void registerHostCarriesWhatTheModuleHostIs() {
        HostListing listed = listedHost();
        ModuleHostDaemon host = platform.daemon;
        assertThat(listed)
                .isEqualTo(new HostListing(
                        host.hostName(),
                        host.url().toString(),
                        host.cpuCores(),
                        host.memoryMb(),
                        List.of("uplink0"),
                        host.baseSystems().names(),
                        true,
                        listed.lastSeenMs()));
    }

    @Test
    @Order(2)
    void heartbeatsKeepTheHostSeen() throws Exception {
        long before = listedHost().lastSeenMs();
        await("a heartbeat", () -> listedHost().lastSeenMs(), seen -> seen > before);
    }

    @Test
    @Order(3)
    void createPmAnswersThePortsTheResourceDaemonWiresAndShows() {
        PlacedPm placed = status().pms().get(0);
        assertThat(placed.host()).isEqualTo(platform.daemon.hostName());
        Map<String, Integer> atHost = new LinkedHashMap<>();
        platform.daemon.pms().get(placed.instance()).handle().ports().forEach(p -> atHost.put(p.name(), p.ofport()));
        assertThat(placed.switchPorts()).isEqualTo(atHost);
    }

    // ---- monitoring <-> module host, openflow, resource ----

    @Test
    @Order(4)
    void monitoringReadsTheModuleHostsLoad() throws Exception {
        HostLoad load = Structs.fromStruct(
                operatorOf(platform.daemon.url()).call("get_load").value(), HostLoad.class);
        String instance = status().pms().get(0).instance();
        assertThat(load.pms()).extracting(PmLoad::name).contains(instance);
        HostSummary seen = await(
                "monitoring polled the host",
                () -> hostSummary(),
                h -> h != null
                        && h.pms() != null
                        && h.pms().stream().anyMatch(p -> p.name().equals(instance)));
        assertThat(seen.cpuCores()).isEqualTo(load.cpuCores());
        assertThat(seen.memoryTotalMb()).isEqualTo(load.memoryTotalMb());
        assertThat(seen.url()).isEqualTo(platform.daemon.url().toString()); // from list_hosts
    }

    @Test
    @Order(5)
    void monitoringReadsTheSwitchCounters() throws Exception {
        DaemonClient of = operatorOf(openflow.url());
        FlowStats rules = await(
                "the switch answered the allocation's rule counters",
                () -> Structs.fromStruct(of.call("get_flow_stats", allocId).value(), FlowStats.class),
                f -> !f.rules().isEmpty());
        AllocationSummary allocation = await(
                "monitoring polled the allocation's rules",
                () -> monitoring.summary().allocations().stream()
                        .filter(s -> s.allocId() == allocId)
                        .findFirst()
                        .orElse(null),
                s -> s != null && s.rules() == rules.rules().size());
        assertThat(allocation.allocId()).isEqualTo(allocId);
        await(
                "the switch answered port statistics",
                () -> portStats(of),
                p -> !p.ports().isEmpty());
        SwitchTotals sw = await(
                "monitoring polled the switch's ports",
                () -> monitoring.summary().switches().stream()
                        .filter(s -> s.name().equals(platform.bridge))
                        .findFirst()
                        .orElse(null),
                s -> s != null && s.ports() > 0);
        assertThat(sw.ports()).isEqualTo(portStats(of).ports().size());
    }

    @Test
    @Order(6)
    void reportStatsHandsTheResourceDaemonTheSummary() throws Exception {
        PlatformSummary reported = await(
                "a report with the host",
                () -> {
                    ReturnValue stats = operator.call("get_platform_stats");
                    return stats.isSuccess() ? Structs.fromStruct(stats.value(), PlatformSummary.class) : null;
                },
                s -> s != null && s.hosts().stream().anyMatch(h -> h.name().equals(platform.daemon.hostName())));
        assertThat(reported.from()).isEqualTo("monitoring");
        assertThat(reported.allocations())
                .extracting(AllocationSummary::allocId)
                .contains(allocId);
    }

    @Test
    @Order(7)
    void aTenantsFlowStatisticsComeFromMonitoringThroughTheResourceDaemon() {
        AllocationStatus status = status();
        AllocationFlowStats stats = await(
                "the tenant's statistics with the allocation's rules",
                () -> {
                    ReturnValue answer = tenant.call("get_flow_stats", allocId);
                    assertThat(answer.isSuccess()).as(answer.message()).isTrue();
                    return Structs.fromStruct(answer.value(), AllocationFlowStats.class);
                },
                s -> !s.connections().isEmpty());
        assertThat(stats.tenant()).isEqualTo(status.tenant()); // from get_allocation
        assertThat(stats.connections()).isNotEmpty(); // from the openflow daemon's get_flow_stats
        PlacedPm placed = status.pms().get(0);
        Map<String, Integer> switchPorts = new LinkedHashMap<>();
        stats.pms().get(0).ports().forEach((port, counters) -> switchPorts.put(port, counters.switchPort()));
        assertThat(switchPorts).isEqualTo(placed.switchPorts());
        assertThat(stats.pms().get(0).instance()).isEqualTo(placed.instance());
    }

    // ---- command line <-> resource ----

    @Test
    @Order(8)
    void listAllocationsAndGetAllocationAgree() {
        AllocationStatus status = status();
        List<AllocationRow> rows =
                Structs.fromArray(tenant.call("list_allocations").value(), AllocationRow.class);
        assertThat(rows)
                .contains(new AllocationRow(
                        status.id(),
                        status.tenant(),
                        status.state(),
                        status.reason(),
                        status.cpuCores(),
                        status.memoryMb(),
                        status.createdMs(),
                        status.updatedMs()));
        assertThat(status.tenant()).isEqualTo(TestDaemon.TENANT);
        assertThat(status.rulesInstalled()).isTrue();
    }

    // ---- pm_failed: module host -> resource ----

    @Test
    @Order(9)
    void aPmThatDiesIsReportedAndStartedAgain() throws Exception {
        String instance = status().pms().get(0).instance();
        long pid = platform.daemon.pms().get(instance).handle().pid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        await(
                "the PM runs again under a new process",
                () -> platform.daemon.pms().get(instance),
                pm -> pm != null && pm.handle() != null && pm.handle().pid() != pid && isRunning(pm));
        ReturnValue again = await(
                "active again",
                () -> tenant.call("get_allocation", allocId),
                r -> r.isSuccess()
                        && "active"
                                .equals(Structs.fromStruct(r.value(), AllocationStatus.class)
                                        .state()));
        assertThat(again.message()).contains("active");
    }

    // ---- create_pm, list_pms, delete_pm: resource -> module host ----

    @Test
    @Order(10)
    void createListAndDeletePmAreReadBackOnTheResourceSide() {
        ModuleHost host = registeredHost();
        PlacedPm started = resource.moduleHosts()
                .createPm(host, "contracts", "extra", "Counter", List.of(), 0.5, 128, 1, 1, "linux.netns");

        // create_pm's answer: the ports the resource daemon wires are the ones the module host plumbed.
        PmInstance atHost = platform.daemon.pms().get(started.instance());
        assertThat(atHost).as("the module host runs what create_pm asked for").isNotNull();
        assertThat(atHost.spec().memoryMb()).isEqualTo(128);
        assertThat(atHost.spec().cpuPercent()).isEqualTo(50);
        Map<String, Integer> plumbed = new LinkedHashMap<>();
        atHost.handle().ports().forEach(p -> plumbed.put(p.name(), p.ofport()));
        assertThat(started.switchPorts()).isEqualTo(plumbed);

        // list_pms: every PM the host holds, each struct read whole as a PmDescription.
        Map<String, PmDescription> listed = new LinkedHashMap<>();
        Structs.fromArray(operatorOf(platform.daemon.url()).call("list_pms").value(), PmDescription.class)
                .forEach(pm -> listed.put(pm.name(), pm));
        assertThat(listed.keySet())
                .containsExactlyInAnyOrderElementsOf(platform.daemon.pms().list().stream()
                        .map(PmInstance::name)
                        .toList());
        PmDescription sent = atHost.toDescription(false);
        PmDescription read = listed.get(started.instance());
        assertThat(read.ports()).isEqualTo(sent.ports());
        assertThat(List.of(read.id(), read.pid(), read.namespace(), read.memoryMb(), read.cpuPercent()))
                .isEqualTo(List.of(sent.id(), sent.pid(), sent.namespace(), sent.memoryMb(), sent.cpuPercent()));
        assertThat(read.stats()).as("list_pms carries the PM's own counters").isNotNull();
        assertThat(resource.moduleHosts().listPms(host))
                .contains(
                        new HostedPm(started.instance(), false),
                        new HostedPm(status().pms().get(0).instance(), false));

        // delete_pm: the PM is gone from the host, and from what the resource daemon reads back.
        resource.moduleHosts().deletePm(host, started.instance());
        assertThat(platform.daemon.pms().get(started.instance())).isNull();
        assertThat(resource.moduleHosts().listPms(host))
                .extracting(HostedPm::instance)
                .doesNotContain(started.instance());
    }

    @Test
    @Order(11)
    void aPmFieldRenamedOnEitherSideIsRefusedByName() {
        DaemonClient moduleHost = operatorOf(platform.daemon.url());
        int before = platform.daemon.pms().list().size();

        // The resource daemon's side renames a key of the request: the module host refuses it, starting nothing.
        Map<String, Object> request = new LinkedHashMap<>(
                Structs.toStruct(new PmRequest("renamed", "FromDevice(p0) -> Discard", 1, 128, 50, null)));
        request.put("memory_mib", request.remove("memory_mb"));
        ReturnValue refused = moduleHost.call("create_pm", request);
        assertThat(refused.isSuccess()).isFalse();
        assertThat(refused.message()).contains("create_pm's pm", "'memory_mib'");
        assertThat(platform.daemon.pms().list()).hasSize(before);

        // ... and of delete_pm's: refused by name, the PM still runs.
        String instance = status().pms().get(0).instance();
        ReturnValue notDeleted = moduleHost.call("delete_pm", Map.of("pm_name", instance));
        assertThat(notDeleted.isSuccess()).isFalse();
        assertThat(notDeleted.message()).contains("delete_pm's pm", "field 'name' is missing");
        assertThat(platform.daemon.pms().get(instance)).isNotNull();

        // The module host's side renames a key of the PM struct it answers: the resource side's reader refuses it.
        Object[] pms = (Object[]) moduleHost.call("list_pms").value();
        @SuppressWarnings("unchecked")
        Map<String, Object> pm = new LinkedHashMap<>((Map<String, Object>) pms[0]);
        pm.put("switch_ports", pm.remove("ports"));
        assertThatThrownBy(() -> Structs.fromStruct(pm, PmDescription.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("a PM struct")
                .hasMessageContaining("'switch_ports'");
        Map<String, Object> port = new LinkedHashMap<>((Map<String, Object>) ((Object[]) pm.get("switch_ports"))[0]);
        port.put("of_port", port.remove("ofport"));
        pm.put("ports", new Object[] {port});
        pm.remove("switch_ports");
        assertThatThrownBy(() -> Structs.fromStruct(pm, PmDescription.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageMatching(
                        "a PM struct: .*'ports\\[0\\]\\.of_?port'.*"); // the new key unknown or the old one missing
    }

    // ---- helpers ----

    private static boolean isRunning(PmInstance pm) {
        return "running".equals(pm.state().wireName());
    }

    private AllocationStatus status() {
        return Structs.fromStruct(tenant.call("get_allocation", allocId).value(), AllocationStatus.class);
    }

    private ModuleHost registeredHost() {
        return resource.hosts().host(platform.daemon.hostName()).orElseThrow();
    }

    private HostListing listedHost() {
        return Structs.fromArray(operator.call("list_hosts").value(), HostListing.class).stream()
                .filter(h -> h.name().equals(platform.daemon.hostName()))
                .findFirst()
                .orElseThrow();
    }

    private HostSummary hostSummary() {
        return monitoring.summary().hosts().stream()
                .filter(h -> h.name().equals(platform.daemon.hostName()))
                .findFirst()
                .orElse(null);
    }

    private PortStats portStats(DaemonClient of) {
        return Structs.fromStruct(of.call("get_port_stats", platform.bridge).value(), PortStats.class);
    }

    private static DaemonClient operatorOf(URI url) {
        return new DaemonClient(url, "", "", 30_000); // development mode: no accounts
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        T last = null;
        for (int i = 0; i < 600; i++) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static DaemonConfig.Peer peer(URI url) {
        DaemonConfig.Peer peer = new DaemonConfig.Peer();
        peer.url = url.toString();
        peer.user = TestDaemon.OPERATOR;
        peer.password = TestDaemon.OPERATOR_PASSWORD;
        peer.timeoutMillis = 60_000;
        return peer;
    }

    private static List<UserAccount> users() {
        return List.of(
                new UserAccount(TestDaemon.OPERATOR, TestDaemon.OPERATOR_PASSWORD, Role.OPERATOR),
                new UserAccount(TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD, Role.TENANT));
    }

    private OpenflowDaemon startOpenflow(Path socket) {
        DaemonConfig config = new DaemonConfig();
        config.port = 0;
        config.tasksDir = TestDaemon.repositoryTasks().toString();
        config.stateDir = dir.resolve("openflow-state").toString();
        config.settings =
                JSON.valueToTree(Map.of("listenPort", -1, "listenUnix", socket.toString(), "statsIntervalMillis", 300));
        OpenflowDaemon daemon = new OpenflowDaemon(config);
        try {
            daemon.start();
        } catch (Exception e) {
            throw new IllegalStateException("the openflow daemon did not start", e);
        }
        return daemon;
    }

    private ResourceDaemon startResource(int port, int net0, int net1) throws Exception {
        DaemonConfig config = new DaemonConfig();
        config.port = port;
        config.tasksDir = TestDaemon.repositoryTasks().toString();
        config.stateDir = dir.resolve("resource-state").toString();
        config.users = users();
        config.peers.put("openflow", peer(openflow.url()));
        config.peers.put("modulehost", peer(platform.daemon.url()));
        config.settings = JSON.valueToTree(Map.of(
                "ioPorts",
                Map.of("net0", net0, "net1", net1),
                "switchName",
                platform.bridge,
                "hostTimeoutSeconds",
                3600));
        ResourceDaemon daemon = new ResourceDaemon(config);
        daemon.start();
        return daemon;
    }

    private MonitoringDaemon startMonitoring() throws Exception {
        DaemonConfig config = new DaemonConfig();
        config.port = 0;
        config.tasksDir = TestDaemon.repositoryTasks().toString();
        config.stateDir = dir.resolve("monitoring-state").toString();
        config.users = users();
        config.peers.put("resource", peer(resource.url()));
        config.peers.put("openflow", peer(openflow.url()));
        config.settings = JSON.valueToTree(Map.of(
                "hostPollMillis", 200,
                "openflowPollMillis", 200,
                "pollTimeoutMillis", 2_000,
                "reportMillis", 300,
                "historySize", 20,
                "metricsPort", -1));
        MonitoringDaemon daemon = new MonitoringDaemon(config);
        daemon.start();
        return daemon;
    }
}
