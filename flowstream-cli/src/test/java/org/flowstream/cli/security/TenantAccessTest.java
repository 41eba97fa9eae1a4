package org.flowstream.cli.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.flowstream.common.auth.PasswordHash;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.daemon.Daemon;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.FreePort;
import org.flowstream.common.testing.TaskAwait;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.modulehost.ModuleHostDaemon;
import org.flowstream.monitoring.MonitoringDaemon;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.bench.StandInHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenants only at the front door, checked on the four real daemons over XML-RPC: every method each daemon
 * lists in system.listMethods is called as a tenant, and everything not meant for tenants is refused in words
 * before it runs. The internal daemons are even given tenant accounts here (as bin/flowstream up used to do):
 * they refuse them all the same. Tenant-facing reads show a tenant only its own objects.
 *
 * <p>No module host registers (it has no resource peer), so nothing here starts a PM or touches the kernel.
 */
class TenantAccessTest {

    /** What tenants may call, per daemon; everything else in system.listMethods must refuse them. */
    private static final Map<String, Set<String>> TENANT_METHODS = Map.of(
            "resource",
                    Set.of(
                            "system.listMethods",
                            "run_task",
                            "run_command",
                            "get_task_result",
                            "ping",
                            "compound",
                            "install_allocation",
                            "check_allocation",
                            "delete_allocation",
                            "get_allocation",
                            "await_allocation",
                            "list_allocations",
                            "get_pm_info",
                            "get_flow_stats",
                            "migrate_flows"),
            "monitoring",
                    Set.of(
                            "system.listMethods",
                            "run_task",
                            "run_command",
                            "get_task_result",
                            "ping",
                            "compound",
                            "get_flow_stats",
                            "migrate_flows"),
            "openflow", Set.of(),
            "modulehost", Set.of());

    private static final String OPERATOR_PASSWORD = "operator-password";
    private static final String SERVICE_PASSWORD = "service-password";

    @TempDir
    static Path dir;

    static final Map<String, Daemon> DAEMONS = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void startTheFourDaemons() throws Exception {
        List<UserAccount> accounts = List.of(
                UserAccount.hashed(
                        "operator", PasswordHash.of(OPERATOR_PASSWORD).encoded(), Role.OPERATOR),
                UserAccount.hashed("svc", PasswordHash.of(SERVICE_PASSWORD).encoded(), Role.SERVICE),
                new UserAccount("alice", "alice-password", Role.TENANT),
                new UserAccount("bob", "bob-password", Role.TENANT));

        ObjectNode openflowSettings = JsonNodeFactory.instance
                .objectNode()
                .put("listenAddress", "127.0.0.1")
                .put("listenPort", FreePort.pick());
        OpenflowDaemon openflow = start(new OpenflowDaemon(config("openflow", accounts, openflowSettings, Map.of())));
        DaemonConfig.Peer toOpenflow = peer(openflow);

        ObjectNode resourceSettings = JsonNodeFactory.instance.objectNode().put("switchName", "fsbr-test");
        resourceSettings.putObject("ioPorts").put("h1", 1).put("h2", 2);
        ResourceDaemon resource = start(new ResourceDaemon(config(
                "resource",
                accounts,
                resourceSettings,
                Map.of("openflow", toOpenflow, "modulehost", TestDaemon.operatorPeer("")))));

        ObjectNode hostSettings = JsonNodeFactory.instance
                .objectNode()
                .put("bridge", "fs-auth-nobridge")
                .put("hostName", "mh-auth-test");
        start(new ModuleHostDaemon(config("modulehost", accounts, hostSettings, Map.of())));

        ObjectNode monitoringSettings = JsonNodeFactory.instance
                .objectNode()
                .put("metricsPort", FreePort.pick())
                .put("hostPollMillis", 60_000)
                .put("openflowPollMillis", 60_000)
                .put("reportMillis", 60_000);
        MonitoringDaemon monitoring = start(new MonitoringDaemon(config(
                "monitoring",
                accounts,
                monitoringSettings,
                Map.of("resource", peer(resource), "openflow", toOpenflow))));
        resource.config().peers.put("monitoring", peer(monitoring)); // read at each get_flow_stats
    }

    /** A stand-in module host one test registers (not one of the four: it serves get_pm_info only). */
    static TestDaemon standIn;

    @AfterAll
    static void stop() {
        new ArrayList<>(DAEMONS.values()).reversed().forEach(Daemon::stop);
        if (standIn != null) {
            standIn.stop();
        }
    }

    @Test
    void aTenantIsRefusedOnEveryMethodNotMeantForTenantsOnEveryDaemon() {
        List<String> checked = new ArrayList<>();
        DAEMONS.forEach((name, daemon) -> {
            Set<String> methods = methods(daemon);
            assertThat(methods).as(name + " lists its methods").contains("ping", "run_task", "upgrade");
            for (String method : methods) {
                ReturnValue answer = client(daemon, "alice", "alice-password").call(method);
                boolean refused = answer.isFailure()
                        && (answer.message().contains("serves only the platform's daemons and operators")
                                || answer.message().contains(" is for operators")
                                || answer.message().contains(" is for the platform's daemons"));
                assertThat(refused)
                        .as("%s.%s called by a tenant answered %s", name, method, answer.message())
                        .isEqualTo(!TENANT_METHODS.get(name).contains(method));
                checked.add(name + "." + method);
            }
        });
        assertThat(checked).hasSizeGreaterThan(60); // every daemon's methods, not a handful
    }

    @Test
    void theIssuesReproductionAliceCannotDeleteBobsRulesOnTheOpenflowDaemon() {
        Daemon openflow = DAEMONS.get("openflow");
        ReturnValue answer = client(openflow, "alice", "alice-password")
                .call("delete_connections", "fsbr0", 0, Map.of("alloc_id", 5));
        assertThat(answer.isFailure()).isTrue();
        assertThat(answer.message())
                .isEqualTo(
                        "the openflow daemon serves only the platform's daemons and operators, and alice is a tenant account: tenants use the resource daemon");
        // the same through the generic entry points and a compound task
        assertThat(client(openflow, "alice", "alice-password")
                        .call("run_command", "delete_connections", List.of("fsbr0", 0, Map.of()))
                        .message())
                .contains("serves only the platform's daemons and operators");
        assertThat(client(openflow, "alice", "alice-password")
                        .call("run_task", "compound", List.of(List.of("list_rules", "fsbr0")), "high")
                        .message())
                .contains("serves only the platform's daemons and operators");
        // the platform's own account may (nothing to delete here: no switch)
        assertThat(client(openflow, "svc", SERVICE_PASSWORD)
                        .call("delete_connections", "fsbr0", 0, Map.of("alloc_id", 5))
                        .message())
                .doesNotContain("serves only")
                .doesNotContain(" is for ");
    }

    @Test
    void serviceAccountsCannotDoWhatOnlyOperatorsMay() {
        for (Daemon daemon : DAEMONS.values()) {
            assertThat(client(daemon, "svc", SERVICE_PASSWORD)
                            .call("upgrade", Map.of("common/Evil.java", "class Evil {}"))
                            .message())
                    .isEqualTo("upgrade is for operators; svc is a service account");
        }
        assertThat(client(DAEMONS.get("resource"), "svc", SERVICE_PASSWORD)
                        .call("add_tenant", "mallory")
                        .message())
                .isEqualTo("add_tenant is for operators; svc is a service account");
        assertThat(client(DAEMONS.get("openflow"), "svc", SERVICE_PASSWORD)
                        .call("reconcile")
                        .message())
                .isEqualTo("reconcile is for operators; svc is a service account");
    }

    @Test
    void tenantFacingReadsShowOnlyTheCallersOwnObjects() throws Exception {
        Daemon resource = DAEMONS.get("resource");
        DaemonClient alice = client(resource, "alice", "alice-password");
        DaemonClient bob = client(resource, "bob", "bob-password");
        // A stand-in host registered by the platform's account that answers get_pm_info only: the allocation is
        // stored and placed, then fails to start its PM; it is alice's all the same.
        standIn = TestDaemon.start(dir.resolve("mh-stand-in"));
        standIn.writeTask("GetPmInfo", StandInHost.getPmInfoCommand("org.flowstream.tasks.test", StandInHost.TYPICAL));
        ReturnValue registered = client(resource, "svc", SERVICE_PASSWORD)
                .call(
                        "register_host",
                        StandInHost.registration("mh-stand-in", standIn.url().toString(), 4, 4096));
        assertThat(registered.isSuccess()).as(registered.message()).isTrue();
        ReturnValue installed = alice.call("install_allocation", """
                ft :: FromNet("ip,nw_src=10.10.1.1")
                c :: Counter
                tt :: ToNet(h2)
                ft -> c -> tt
                """);
        assertThat(installed.value()).as(installed.message()).isInstanceOf(Integer.class);
        int id = (Integer) installed.value();
        assertThat(alice.call("get_allocation", id).value()).isInstanceOf(Map.class);

        assertThat(bob.call("get_allocation", id).message()).contains("no such allocation: " + id);
        assertThat(bob.call("delete_allocation", id).message()).contains("no such allocation: " + id);
        assertThat(ids(bob.call("list_allocations"))).doesNotContain(id);
        assertThat(ids(alice.call("list_allocations"))).contains(id);
        assertThat(ids(client(resource, "operator", OPERATOR_PASSWORD).call("list_allocations")))
                .contains(id);

        ReturnValue queued = alice.call("run_task", "ping", "mine", "normal");
        int taskId = (Integer) queued.value();
        TaskAwait.result(alice, taskId);
        assertThat(bob.call("get_task_result", taskId).isFailure()).isTrue();
        assertThat(TaskAwait.result(alice, taskId).value()).isEqualTo("mine");

        // flow statistics: at the front door, and at the monitoring daemon, which asks the resource daemon who owns it
        assertThat(bob.call("get_flow_stats", id).message()).contains("no such allocation: " + id);
        ReturnValue aliceStats = alice.call("get_flow_stats", id);
        assertThat(aliceStats.message())
                .doesNotContain("no such allocation")
                .doesNotContain("is for")
                .doesNotContain("no \"monitoring\" peer");
        assertThat(((Map<?, ?>) aliceStats.value()).get("tenant"))
                .as(aliceStats.message())
                .isEqualTo("alice");
        Daemon monitoring = DAEMONS.get("monitoring");
        assertThat(client(monitoring, "bob", "bob-password")
                        .call("get_flow_stats", id)
                        .message())
                .contains("no such allocation: " + id);
        assertThat(client(monitoring, "alice", "alice-password")
                        .call("get_flow_stats", id)
                        .message())
                .doesNotContain("no such allocation");
    }

    private static List<Integer> ids(ReturnValue listing) {
        assertThat(listing.isSuccess()).as(listing.message()).isTrue();
        List<Integer> ids = new ArrayList<>();
        for (Object row : (Object[]) listing.value()) {
            ids.add((Integer) ((Map<?, ?>) row).get("id"));
        }
        return ids;
    }

    private static Set<String> methods(Daemon daemon) {
        Object names = client(daemon, "operator", OPERATOR_PASSWORD).invoke("system.listMethods");
        return new TreeSet<>(
                Arrays.stream((Object[]) names).map(String::valueOf).toList());
    }

    private static DaemonClient client(Daemon daemon, String user, String password) {
        return new DaemonClient(daemon.url(), user, password, 30_000);
    }

    private static DaemonConfig config(
            String name, List<UserAccount> accounts, ObjectNode settings, Map<String, DaemonConfig.Peer> peers) {
        DaemonConfig config = new DaemonConfig();
        config.tasksDir = TestDaemon.repositoryTasks().toString();
        config.stateDir = dir.resolve(name).toString();
        config.users = accounts;
        config.settings = settings;
        config.peers.putAll(peers);
        return config;
    }

    private static DaemonConfig.Peer peer(Daemon daemon) {
        return DaemonConfig.Peer.of(daemon.url().toString(), "svc", SERVICE_PASSWORD);
    }

    private static <D extends Daemon> D start(D daemon) throws Exception {
        daemon.start();
        DAEMONS.put(daemon.name(), daemon);
        return daemon;
    }
}
