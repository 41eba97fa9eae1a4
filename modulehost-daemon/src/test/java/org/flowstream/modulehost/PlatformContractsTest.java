package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowstream.common.testing.Eventually.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.io.FileTrees;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.FreePort;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.WireFormatException;
import org.flowstream.contracts.records.modulehost.EnforcedLimits;
import org.flowstream.contracts.records.modulehost.HostLoad;
import org.flowstream.contracts.records.modulehost.PmDescription;
import org.flowstream.contracts.records.modulehost.PmLoad;
import org.flowstream.contracts.records.modulehost.PmRequest;
import org.flowstream.contracts.records.modulehost.PmStartup;
import org.flowstream.contracts.records.modulehost.PmTypeInfo;
import org.flowstream.contracts.records.monitoring.AllocationFlowStats;
import org.flowstream.contracts.records.monitoring.AllocationSummary;
import org.flowstream.contracts.records.monitoring.HostSummary;
import org.flowstream.contracts.records.monitoring.PlatformSummary;
import org.flowstream.contracts.records.monitoring.SwitchTotals;
import org.flowstream.contracts.records.openflow.BalancerConfig;
import org.flowstream.contracts.records.openflow.BalancerMachine;
import org.flowstream.contracts.records.openflow.BalancerStatus;
import org.flowstream.contracts.records.openflow.ConnectionWiring;
import org.flowstream.contracts.records.openflow.FlowStats;
import org.flowstream.contracts.records.openflow.LoadReportReceipt;
import org.flowstream.contracts.records.openflow.OffloadConfig;
import org.flowstream.contracts.records.openflow.OffloadReportReceipt;
import org.flowstream.contracts.records.openflow.OffloadStatus;
import org.flowstream.contracts.records.openflow.PortStats;
import org.flowstream.contracts.records.openflow.ReconcileSummary;
import org.flowstream.contracts.records.openflow.RuleChange;
import org.flowstream.contracts.records.openflow.RuleListing;
import org.flowstream.contracts.records.openflow.SwitchListing;
import org.flowstream.contracts.records.openflow.SwitchPortListing;
import org.flowstream.contracts.records.openflow.WiredConnections;
import org.flowstream.contracts.records.openflow.WiredHop;
import org.flowstream.contracts.records.openflow.WiringHop;
import org.flowstream.contracts.records.openflow.WiringPath;
import org.flowstream.contracts.records.resource.AllocationRow;
import org.flowstream.contracts.records.resource.AllocationStatus;
import org.flowstream.contracts.records.resource.HostListing;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.lang.catalogue.PmType;
import org.flowstream.modulehost.pm.PmInstance;
import org.flowstream.monitoring.MonitoringDaemon;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.balancing.BalancerConfigs;
import org.flowstream.openflow.connections.ConnectionManager;
import org.flowstream.openflow.connections.Wiring;
import org.flowstream.openflow.offloading.OffloadConfigs;
import org.flowstream.openflow.rules.Rule;
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
 * creates, lists and deletes a PM of its own on the module host (create_pm, list_pms, delete_pm); then the openflow
 * daemon's side: the wiring the resource daemon sent (create_connections, delete_connections) against what the
 * openflow daemon installed and lists (list_connections, list_rules, list_switches, reconcile), and a load balancer
 * and an offload configured, reported to, re-run and removed (lb_*, tfo_*). Each message is read by its contract
 * record (org.flowstream.contracts.records), so a field renamed on one side fails here, naming it.
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
    private PlatformFixture.Host hostA;
    private PlatformFixture.Host hostB;

    @BeforeAll
    void startPlatform() throws Exception {
        PlatformFixture.assumePlatform();
        dir = Files.createTempDirectory("contracts");
        int resourcePort = FreePort.pick();
        platform = new PlatformFixture((ovs, config) -> {
            // Open vSwitch reaches a unix controller socket only in its own run directory.
            openflow = ControllerDaemons.openflow(
                    dir.resolve("openflow-state"), ovs.runDir().resolve("contracts.sock"), 300);
            config.peers.put(
                    "resource", ControllerDaemons.peer(URI.create("http://127.0.0.1:%d/RPC2".formatted(resourcePort))));
            ((ObjectNode) config.settings).put("heartbeatSeconds", 1);
            ((ObjectNode) config.settings).putArray("switchPorts").add("uplink0");
        });
        PlatformFixture.Host a = platform.host("a", "10.79.0.1");
        PlatformFixture.Host b = platform.host("b", "10.79.0.2");
        hostA = a;
        hostB = b;
        platform.ovs.setController(
                platform.bridge, "unix:" + platform.ovs.runDir().resolve("contracts.sock"));
        await("the bridge connects", () -> openflow.rules().lastReconcile(platform.bridge), r -> r.isPresent());

        resource = ControllerDaemons.resource(
                dir.resolve("resource-state"),
                resourcePort,
                users(),
                openflow,
                platform.daemon,
                platform.bridge,
                a.ofport(),
                b.ofport());
        operator = new DaemonClient(resource.url(), TestDaemon.OPERATOR, TestDaemon.OPERATOR_PASSWORD, 60_000);
        tenant = new DaemonClient(resource.url(), TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD, 60_000);
        await("the module host registers", () -> platform.daemon.registered(), r -> r);
        monitoring = startMonitoring();
        resource.config().peers.put("monitoring", ControllerDaemons.peer(monitoring.url()));

        allocId = ControllerDaemons.installActive(tenant, REQUEST);
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
    @Order(1)
    void theResourceDaemonOffersThePmTypesTheModuleHostsGetPmInfoAnswers() {
        Map<String, PmTypeInfo> atHost = pmTypes(operatorOf(platform.daemon.url()));
        atHost.remove("FromDevice"); // device endpoints: requests reach the network through FromNet and ToNet
        atHost.remove("ToDevice");
        atHost.replaceAll((type, info) -> info.sized(PmType.DEFAULT_CPU_CORES, PmType.DEFAULT_MEMORY_MB));

        assertThat(pmTypes(tenant)).isEqualTo(atHost).containsKeys("Counter", "IPRewriter", "Mirror");
    }

    /** get_pm_info's answer read strictly by its record, by type, the signatures as lists. */
    private static Map<String, PmTypeInfo> pmTypes(DaemonClient client) {
        Map<String, PmTypeInfo> types = new java.util.TreeMap<>();
        for (Object pair : (Object[]) client.call("get_pm_info").value()) {
            PmTypeInfo info = Structs.fromStruct(((Object[]) pair)[1], PmTypeInfo.class);
            types.put(info.type(), info.withSignature(ElementSignature.fromStruct(info.signature())));
        }
        return types;
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

        // get_load's pm_startup and set_pm_startup's answer are one record; setting the mode in force changes nothing.
        assertThat(load.pmStartup().mode())
                .isEqualTo(platform.daemon.pmJvm().mode().wireName());
        PmStartup answered = Structs.fromStruct(
                operatorOf(platform.daemon.url())
                        .call("set_pm_startup", load.pmStartup().mode())
                        .value(),
                PmStartup.class);
        assertThat(answered.mode()).isEqualTo(load.pmStartup().mode());
        assertThat(answered.pool())
                .as("a real module host reports its warm pool")
                .isNotNull();
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
        theLimitsUsageAndStatsReadBackAreTheHosts(started.instance());
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

    /**
     * The PM struct's limits, usage and stats, as the resource daemon's side reads them from list_pms, are what the
     * module host holds: the limits it enforces, the figures get_load (which monitoring reads) reports for the same
     * process, and the counters the PM's runtime wrote, its Counter's named as the Counter's signature names them.
     */
    private void theLimitsUsageAndStatsReadBackAreTheHosts(String instance) {
        PmInstance atHost = platform.daemon.pms().get(instance);
        PmDescription read =
                await(
                        "the PM's runtime wrote its counters",
                        () -> Structs.fromArray(
                                        operatorOf(platform.daemon.url())
                                                .call("list_pms")
                                                .value(),
                                        PmDescription.class)
                                .stream()
                                .filter(pm -> pm.name().equals(instance))
                                .findFirst()
                                .orElseThrow(),
                        pm -> pm.stats() != null && pm.stats().elements().containsKey("pm"));

        assertThat(read.limits()).isEqualTo(Structs.fromStruct(atHost.handle().limits(), EnforcedLimits.class));
        assertThat(read.limits().memoryBytes()).isEqualTo(128L << 20);
        assertThat(read.usage().rssBytes()).as("the process's resident set").isPositive();
        PmLoad load =
                Structs.fromStruct(
                                operatorOf(platform.daemon.url())
                                        .call("get_load")
                                        .value(),
                                HostLoad.class)
                        .pms()
                        .stream()
                        .filter(pm -> pm.name().equals(instance))
                        .findFirst()
                        .orElseThrow();
        assertThat(load.memoryBytes() == null)
                .as("get_load and list_pms read the same figures")
                .isEqualTo(read.usage().memoryBytes() == null);
        assertThat(load.cpuSeconds()).isGreaterThanOrEqualTo(read.usage().cpuSeconds());

        assertThat(read.stats().ports().keySet())
                .containsExactlyElementsOf(
                        atHost.handle().ports().stream().map(p -> p.name()).toList());
        assertThat(read.stats().elements().get("pm").counters().keySet())
                .as("the Counter reports the counters its signature names")
                .containsExactlyElementsOf(ElementSignature.declaredBy(org.flowstream.modulehost.elements.Counter.class)
                        .orElseThrow()
                        .counters());
    }

    @Test
    @Order(11)
    @SuppressWarnings("unchecked")
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

        // ... and of the limits, the usage and the per-port counters inside it.
        Map<String, Object> listed = new LinkedHashMap<>((Map<String, Object>) pms[0]);
        assertThatThrownBy(() -> Structs.fromStruct(
                        renamedInside(listed, "limits", "memory_bytes", "memory_mib"), PmDescription.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageMatching("a PM struct: .*'limits\\.memory_(mib|bytes)'.*");
        assertThatThrownBy(() ->
                        Structs.fromStruct(renamedInside(listed, "usage", "rss_bytes", "rss"), PmDescription.class))
                .hasMessageStartingWith("a PM struct: unknown field 'usage.rss'");
        Map<String, Object> stats = (Map<String, Object>) listed.get("stats");
        Map<String, Object> ports = (Map<String, Object>) stats.get("ports");
        Map<String, Object> renamedPorts = new LinkedHashMap<>(ports);
        renamedPorts.replaceAll((name, counters) -> renamedInside(Map.of("c", counters), "c", "rx_packets", "rx_pkts")
                .get("c"));
        Map<String, Object> renamedStats = new LinkedHashMap<>(stats);
        renamedStats.put("ports", renamedPorts);
        Map<String, Object> pmRenamed = new LinkedHashMap<>(listed);
        pmRenamed.put("stats", renamedStats);
        assertThatThrownBy(() -> Structs.fromStruct(pmRenamed, PmDescription.class))
                .hasMessageMatching("a PM struct: .*'stats\\.ports\\.p0\\.rx_p(kts|ackets)'.*");
    }

    /** {@code struct} with the key {@code from} of its member struct {@code member} renamed {@code to}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> renamedInside(
            Map<String, Object> struct, String member, String from, String to) {
        Map<String, Object> inner = new LinkedHashMap<>((Map<String, Object>) struct.get(member));
        inner.put(to, inner.remove(from));
        Map<String, Object> out = new LinkedHashMap<>(struct);
        out.put(member, inner);
        return out;
    }

    // ---- create_connections, delete_connections, list_rules, list_switches: resource -> openflow ----

    @Test
    @Order(12)
    void theWiringTheResourceDaemonSentIsWhatTheOpenflowDaemonInstalledAndLists() {
        // What the resource daemon holds: the placed PM's switch port, between the I/O ports of its settings.
        int pmPort = status().pms().get(0).switchPorts().get("p0");
        ConnectionWiring sent = new ConnectionWiring(
                allocId,
                null,
                false,
                List.of(new WiringPath(
                        "ip,nw_src=10.79.0.1",
                        hostA.ofport(),
                        hostB.ofport(),
                        List.of(new WiringHop("c", null, (long) pmPort, (long) pmPort)))));
        ConnectionManager.Installed installed =
                openflow.connections().get(platform.bridge, allocId).orElseThrow();
        assertThat(installed.wiring()).isEqualTo(Wiring.of(sent));

        // list_connections and list_rules, read by their records, agree with what the openflow daemon holds.
        DaemonClient of = operatorOf(openflow.url());
        List<RuleListing> rules =
                Structs.fromArray(of.call("list_rules", platform.bridge).value(), RuleListing.class);
        assertThat(rules)
                .containsExactlyInAnyOrderElementsOf(openflow.rules().rules(platform.bridge).stream()
                        .map(Rule::toListing)
                        .toList());
        WiredConnections listed =
                Structs.fromArray(of.call("list_connections").value(), WiredConnections.class).stream()
                        .filter(c -> c.allocId() == allocId)
                        .findFirst()
                        .orElseThrow();
        List<Rule> owned = openflow.rules().rules(platform.bridge, r -> r.cookie() == installed.cookie());
        assertThat(listed).isEqualTo(installed.toWired(owned, null));
        assertThat(rules).containsAll(listed.rules());
        assertThat(listed.paths().get(0).pms())
                .containsExactly(new WiredHop("c", pmPort, pmPort, null, null)); // vlan false: no tags

        // list_switches and reconcile: the bridge, its ports and the rules the daemon keeps on it.
        SwitchListing sw = Structs.fromArray(of.call("list_switches").value(), SwitchListing.class).stream()
                .filter(l -> l.name().equals(platform.bridge))
                .findFirst()
                .orElseThrow();
        assertThat(sw.connected()).isTrue();
        assertThat(sw.desiredRules()).isEqualTo(rules.size());
        assertThat(sw.ports())
                .extracting(SwitchPortListing::port)
                .contains(String.valueOf(hostA.ofport()), String.valueOf(hostB.ofport()), String.valueOf(pmPort));
        ReconcileSummary reconciled = Structs.fromArray(
                        of.call("reconcile", platform.bridge).value(), ReconcileSummary.class)
                .get(0);
        assertThat(List.of(reconciled.switchName(), reconciled.desired()))
                .containsExactly(platform.bridge, rules.size());
    }

    @Test
    @Order(13)
    void theResourceDaemonsGatewayCreatesAndDeletesConnections() {
        int id = allocId + 1000;
        ConnectionWiring direct = new ConnectionWiring(
                id, null, false, List.of(new WiringPath("ip,nw_src=10.79.9.9", hostA.ofport(), hostB.ofport(), null)));

        // The resource daemon's own sender (XmlRpcSwitch), as an allocation's install step uses it.
        resource.switchGateway().createConnections(platform.bridge, 0, direct);
        assertThat(openflow.connections().get(platform.bridge, id))
                .map(ConnectionManager.Installed::wiring)
                .contains(Wiring.of(direct));
        resource.switchGateway().deleteConnections(platform.bridge, 0, id);
        assertThat(openflow.connections().get(platform.bridge, id)).isEmpty();

        // The operators' low-level calls, relayed by the resource daemon: the openflow daemon's answers unchanged.
        ReturnValue created = operator.call("create_connections", platform.bridge, 0, direct);
        assertThat(created.isSuccess()).as(created.message()).isTrue();
        WiredConnections wired = Structs.fromStruct(created.value(), WiredConnections.class);
        assertThat(List.of(wired.allocId(), wired.switchName(), wired.applied()))
                .containsExactly((long) id, platform.bridge, true);
        assertThat(wired.rules())
                .hasSize(1)
                .allSatisfy(r -> assertThat(r.match()).contains("nw_src=10.79.9.9"));
        ReturnValue deleted = operator.call("delete_connections", platform.bridge, 0, id);
        assertThat(deleted.isSuccess()).as(deleted.message()).isTrue();
        RuleChange change = Structs.fromStruct(deleted.value(), RuleChange.class);
        assertThat(List.of(change.switchName(), change.removed(), change.applied()))
                .containsExactly(platform.bridge, wired.rules().size(), true);
    }

    @Test
    @Order(14)
    void aWiringOrRuleFieldRenamedOnEitherSideIsRefusedByName() {
        DaemonClient of = operatorOf(openflow.url());
        List<RuleListing> before =
                Structs.fromArray(of.call("list_rules", platform.bridge).value(), RuleListing.class);

        // The sender renames a key of the wiring: the openflow daemon refuses it by name and changes no rule.
        Map<String, Object> wiring = new LinkedHashMap<>(Structs.toStruct(new ConnectionWiring(
                allocId + 2000,
                null,
                false,
                List.of(new WiringPath("ip,nw_src=10.79.9.8", hostA.ofport(), hostB.ofport(), null)))));
        wiring.put("allocation_id", wiring.remove("alloc_id"));
        ReturnValue refused = operator.call("create_connections", platform.bridge, 0, wiring);
        assertThat(refused.isFailure()).isTrue();
        // the old key missing or the new one unknown, whichever Jackson reports first
        assertThat(refused.message()).containsPattern("create_connections' alloc: .*'(alloc|allocation)_id'");
        assertThat(Structs.fromArray(of.call("list_rules", platform.bridge).value(), RuleListing.class))
                .isEqualTo(before);

        // The openflow daemon's side renames a key of a rule it answers: the reader refuses it by name.
        @SuppressWarnings("unchecked")
        Map<String, Object> rule = new LinkedHashMap<>((Map<String, Object>)
                ((Object[]) of.call("list_rules", platform.bridge).value())[0]);
        rule.put("owner_name", rule.remove("owner"));
        assertThatThrownBy(() -> Structs.fromStruct(rule, RuleListing.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageMatching("a list_rules rule: .*'owner(_name)?'.*");
    }

    // ---- lb_* and tfo_*: operators -> openflow; lb_report_load: module hosts -> openflow ----

    @Test
    @Order(15)
    void balancerStatusesAndReceiptsReadBackWhatTheOpenflowDaemonHolds() {
        DaemonClient of = operatorOf(openflow.url());
        PlatformFixture.Host m1 = platform.host("c", "10.79.0.3");
        PlatformFixture.Host m2 = platform.host("d", "10.79.0.4");
        await(
                "the switch reports the machines' ports",
                () -> switchPorts(of),
                p -> p.contains(String.valueOf(m2.ofport())));
        // The operator's side builds lb_configure's request as its record and sends it as a struct.
        BalancerConfig config = new BalancerConfig(
                7L,
                platform.bridge,
                List.of(new BalancerConfig.MachinePort("m1", m1.ofport(), 1.0)),
                null,
                null,
                null,
                hostA.ofport(),
                hostB.ofport(),
                null,
                null,
                "reports",
                0L);

        // A key renamed in the request is refused by the openflow daemon, naming it, and creates nothing.
        Map<String, Object> misspelt = new LinkedHashMap<>(Structs.toStruct(config));
        misspelt.put("load_sources", misspelt.remove("load_source"));
        ReturnValue refused = of.call("lb_configure", misspelt);
        assertThat(refused.isFailure()).isTrue();
        assertThat(refused.message()).contains("lb_configure's config: unknown field 'load_sources'");
        assertThat(openflow.balancers().plan(7)).isEmpty();

        BalancerStatus configured = read(of.call("lb_configure", Structs.toStruct(config)), BalancerStatus.class);
        assertThat(openflow.balancers().plan(7).orElseThrow().config())
                .as("what the openflow daemon holds is what was sent, with its defaults")
                .isEqualTo(BalancerConfigs.withDefaults(config));
        assertThat(configured)
                .usingRecursiveComparison()
                .ignoringFields("change")
                .isEqualTo(openflow.balancers().status(7));
        assertThat(List.of(configured.switchName(), configured.sourceSidePort(), configured.loadSource()))
                .containsExactly(platform.bridge, hostA.ofport(), "reports");
        assertThat(configured.change().applied()).isTrue();

        BalancerStatus added = read(
                of.call("lb_add_machine", 7, Structs.toStruct(new BalancerConfig.MachinePort("m2", m2.ofport(), 1.0))),
                BalancerStatus.class);
        assertThat(added.machines()).extracting(BalancerMachine::name).containsExactly("m1", "m2");

        // What a module host's LoadReporter sends, and the receipt it reads.
        ReturnValue reported = of.call("lb_report_load", 7, Map.of("10.79.0.0/24", 100));
        assertThat(reported.isSuccess()).as(reported.message()).isTrue();
        assertThat(Structs.fromStruct(reported.value(), LoadReportReceipt.class))
                .isEqualTo(new LoadReportReceipt(7, 1, 1));

        BalancerStatus rebalanced = read(of.call("lb_rebalance", 7), BalancerStatus.class);
        assertThat(List.of(
                        rebalanced.lastRound().source(), rebalanced.lastRound().measuredLoad()))
                .containsExactly("reports", 100.0);
        assertThat(Structs.fromArray(of.call("lb_status").value(), BalancerStatus.class))
                .containsExactly(openflow.balancers().status(7));
        BalancerStatus reduced = read(of.call("lb_remove_machine", 7, "m2"), BalancerStatus.class);
        assertThat(reduced.machines()).extracting(BalancerMachine::name).containsExactly("m1");

        ReturnValue removed = of.call("lb_remove", 7);
        assertThat(removed.isSuccess()).as(removed.message()).isTrue();
        RuleChange change = Structs.fromStruct(removed.value(), RuleChange.class);
        assertThat(change.removed()).isEqualTo(reduced.rules());
        assertThat(openflow.balancers().plan(7)).isEmpty();

        // A key renamed in the status is refused by the reader, naming it.
        Map<String, Object> renamed = new LinkedHashMap<>(Structs.toStruct(rebalanced));
        renamed.put("balancer", renamed.remove("balancer_id"));
        assertThatThrownBy(() -> Structs.fromStruct(renamed, BalancerStatus.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageMatching("a load balancer's status: .*'balancer(_id)?'.*");
    }

    @Test
    @Order(16)
    void offloadStatusesAndReceiptsReadBackWhatTheOpenflowDaemonHolds() {
        DaemonClient of = operatorOf(openflow.url());
        int software = platform.host("e", "10.79.0.5").ofport();
        int fast = platform.host("f", "10.79.0.6").ofport();
        await("the switch reports the offload's ports", () -> switchPorts(of), p -> p.contains(String.valueOf(fast)));
        OffloadConfig config =
                new OffloadConfig(8L, platform.bridge, hostB.ofport(), software, fast, 2, null, null, 0L, null, null);

        Map<String, Object> misspelt = new LinkedHashMap<>(Structs.toStruct(config));
        misspelt.put("capacty", misspelt.remove("capacity"));
        ReturnValue refused = of.call("tfo_configure", misspelt);
        assertThat(refused.isFailure()).isTrue();
        assertThat(refused.message()).contains("tfo_configure's config: unknown field 'capacty'");
        assertThat(openflow.offloads().statusAll()).isEmpty();

        OffloadStatus configured = read(of.call("tfo_configure", Structs.toStruct(config)), OffloadStatus.class);
        assertThat(configured)
                .usingRecursiveComparison()
                .ignoringFields("change")
                .isEqualTo(openflow.offloads().status(8));
        assertThat(configured.change().applied()).isTrue();
        assertThat(List.of(configured.inPort(), configured.softwarePort(), configured.fastPathPort()))
                .containsExactly(hostB.ofport(), software, fast);
        OffloadConfig held = OffloadConfigs.withDefaults(config);
        assertThat(List.of(configured.capacity(), configured.windows(), configured.intervalMillis()))
                .as("what the openflow daemon holds is what was sent, with its defaults")
                .containsExactly(held.capacity(), held.windows(), held.intervalMillis());

        ReturnValue reported = of.call("tfo_report", 8, Map.of("10.79.0.0/24", 50));
        assertThat(reported.isSuccess()).as(reported.message()).isTrue();
        assertThat(Structs.fromStruct(reported.value(), OffloadReportReceipt.class))
                .isEqualTo(new OffloadReportReceipt(8, 1, 1));

        OffloadStatus round = read(of.call("tfo_round", 8), OffloadStatus.class);
        assertThat(round).isEqualTo(openflow.offloads().status(8));
        assertThat(round.lastRound().reportedPackets()).isEqualTo(50.0);
        assertThat(Structs.fromArray(of.call("tfo_status").value(), OffloadStatus.class))
                .containsExactly(round);

        ReturnValue removed = of.call("tfo_remove", 8);
        assertThat(removed.isSuccess()).as(removed.message()).isTrue();
        assertThat(Structs.fromStruct(removed.value(), RuleChange.class).removed())
                .isEqualTo(round.rules());
    }

    // ---- helpers ----

    /** A successful answer's value, read by its record. */
    private static <T> T read(ReturnValue answer, Class<T> type) {
        assertThat(answer.isSuccess()).as(answer.message()).isTrue();
        return Structs.fromStruct(answer.value(), type);
    }

    private List<String> switchPorts(DaemonClient of) {
        return Structs.fromArray(of.call("list_switches").value(), SwitchListing.class).stream()
                .filter(l -> l.name().equals(platform.bridge) && l.ports() != null)
                .flatMap(l -> l.ports().stream())
                .map(SwitchPortListing::port)
                .toList();
    }

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

    private static List<UserAccount> users() {
        return List.of(
                new UserAccount(TestDaemon.OPERATOR, TestDaemon.OPERATOR_PASSWORD, Role.OPERATOR),
                new UserAccount(TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD, Role.TENANT));
    }

    private MonitoringDaemon startMonitoring() throws Exception {
        DaemonConfig config = new DaemonConfig();
        config.port = 0;
        config.tasksDir = TestDaemon.repositoryTasks().toString();
        config.stateDir = dir.resolve("monitoring-state").toString();
        config.users = users();
        config.peers.put("resource", ControllerDaemons.peer(resource.url()));
        config.peers.put("openflow", ControllerDaemons.peer(openflow.url()));
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
