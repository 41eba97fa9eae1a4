package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.resource.migration.FlowMigrations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * migrate_flows end to end (docs/migration.md), with every part real: one Open vSwitch (userspace datapath), two
 * module host daemons on it, the openflow daemon it connects to, and the resource daemon both hosts register with.
 * A tenant installs a carrier-grade NAT between two traffic hosts (A inside, B outside, each in a namespace); A
 * runs UDP flows with per-flow sequence numbers and TCP connections held open through the NAT to B, which echoes
 * everything. While the traffic runs, a move whose new PM is killed mid-move aborts, the real move takes the NAT
 * with its mappings to the other host, and a move back aborts when the host it would go to dies mid-move. B and A count what was lost, duplicated or reordered, TCP resets, and
 * whether a flow's external address and port ever changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrateFlowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXTERNAL = "198.51.100.7";
    private static final String REQUEST = NatPlatform.natRequest(EXTERNAL, 120);
    private static final int UDP_FLOWS = 30;
    private static final int TCP_CONNECTIONS = 4;

    private NatPlatform nat;
    private DaemonClient tenant;
    private DaemonClient otherTenant;
    private int allocId;

    @BeforeAll
    void startPlatform() throws Exception {
        PlatformFixture.assumePlatform();
        nat = new NatPlatform("migrate-flows", List.of("10.81.0.1"), List.of(EXTERNAL));
        tenant = nat.tenant;
        otherTenant = nat.otherTenant;
        allocId = ControllerDaemons.installActive(tenant, REQUEST);
    }

    @AfterAll
    void stopPlatform() {
        if (nat != null) {
            nat.close();
        }
    }

    @Test
    @Order(1)
    void badRequestsAreRefusedInWordsAndChangeNothing() {
        String host = hostOfNat();
        String other = nat.otherHost(host);
        assertRefused(otherTenant.call("migrate_flows", allocId, "nat", other, ""), "no such allocation: " + allocId);
        assertRefused(tenant.call("migrate_flows", allocId, "nosuch", other, ""), "has no PM named 'nosuch'");
        assertRefused(tenant.call("migrate_flows", allocId, "nat", "mars", ""), "module host 'mars' is not up");
        assertRefused(tenant.call("migrate_flows", allocId, "nat", host, ""), "already runs on " + host);
        assertRefused(
                tenant.call("migrate_flows", allocId, "nat", other, "external " + EXTERNAL),
                "needs the PM to run as a group");
        assertRefused(tenant.call("migrate_flows", allocId, "nat"), "migrate_flows takes (alloc_id: int");
        // pm_flows' request is a contract record (PmFlowsRequest): the real module host refuses a renamed key by name
        DaemonClient moduleHost = new DaemonClient(nat.host(host).url(), "", "", 30_000);
        Map<String, Object> renamed = new LinkedHashMap<>(
                Map.of("pm", "a" + allocId + "-nat", "op", "freeze", "element", "pm", "filtre", ""));
        assertRefused(moduleHost.call("pm_flows", renamed), "pm_flows' request: unknown field 'filtre'");
        Map<?, ?> global = (Map<?, ?>) moduleHost
                .call("pm_flows", Map.of("pm", "a" + allocId + "-nat", "op", "global", "element", "pm"))
                .value();
        assertThat((Object[]) ((Map<?, ?>) global.get("gate")).get("frozen"))
                .isEmpty(); // the refused freeze froze nothing
        assertThat(hostOfNat()).isEqualTo(host);
        assertThat(tenant.call("get_allocation", allocId).message()).contains("is active");
    }

    @Test
    @Order(2)
    void theNatMovesWithItsMappingsWhileUdpFlowsAndTcpConnectionsRunLosingNothing() throws Exception {
        String before = hostOfNat();
        String target = nat.otherHost(before);
        Traffic.Script echo = nat.echo();
        Traffic.Script send = nat.send(UDP_FLOWS, TCP_CONNECTIONS, "0.02", "0.0.0.0");
        try {
            send.go();
            send.awaitLine("sending");

            // The new PM dies while the state is being copied: the move aborts, the old NAT serves on.
            FlowMigrations.StepListener killNewPm = (id, step) -> {
                if (step.equals("copy state")) {
                    NatPlatform.killPm(nat.host(target), "a" + allocId + "-nat");
                }
            };
            ReturnValue aborted = runMove(target, killNewPm);
            assertThat(aborted.isFailure()).as(aborted.message()).isTrue();
            assertThat(aborted.message()).contains("aborted, the PM serves on where it was");
            assertThat(hostOfNat()).isEqualTo(before);
            assertThat(tenant.call("get_allocation", allocId).message()).contains("is active", "aborted");
            Thread.sleep(500); // traffic runs through the old NAT after the abort

            // The real move; the old NAT's mappings are read while both instances are frozen.
            AtomicReference<List<String>> oldStates = new AtomicReference<>();
            List<String> progress = new ArrayList<>();
            FlowMigrations.StepListener snapshot = (id, step) -> {
                progress.add(step);
                if (step.equals("rewire the switch")) {
                    oldStates.set(NatPlatform.states(nat.host(before), "a" + allocId + "-nat"));
                }
            };
            ReturnValue moved = runMove(target, snapshot);
            assertThat(moved.isSuccess()).as(moved.message()).isTrue();
            System.out.println("MigrateFlowsTest: " + moved.message() + " " + JSON.writeValueAsString(moved.value()));
            assertThat(progress).containsExactly("start PM", "freeze", "copy state", "rewire the switch", "hand over");
            assertThat(hostOfNat()).isEqualTo(target);
            assertThat(nat.host(before).pms().get("a" + allocId + "-nat")).isNull();
            assertThat(NatPlatform.states(nat.host(target), "a" + allocId + "-nat"))
                    .isEqualTo(oldStates.get());
            assertThat(oldStates.get()).hasSize(UDP_FLOWS + TCP_CONNECTIONS);
            Thread.sleep(500); // traffic runs through the new NAT

            // Moving it back, the module host it would go to dies (its daemon and PMs) mid-move: aborted again.
            FlowMigrations.StepListener killHost = (id, step) -> {
                if (step.equals("copy state")) {
                    nat.host(before).stop();
                }
            };
            ReturnValue abortedAgain = runMove(before, killHost);
            assertThat(abortedAgain.isFailure()).as(abortedAgain.message()).isTrue();
            assertThat(abortedAgain.message()).contains("aborted, the PM serves on where it was", "cannot reach");
            assertThat(hostOfNat()).isEqualTo(target);
            assertThat(NatPlatform.states(nat.host(target), "a" + allocId + "-nat"))
                    .isEqualTo(oldStates.get());
            Thread.sleep(500); // traffic runs through the NAT that stayed

            send.go(); // stop sending; A waits for the last echoes
            JsonNode atA = send.result();
            echo.go();
            JsonNode atB = echo.result();
            System.out.println("MigrateFlowsTest: A " + atA + "\nMigrateFlowsTest: B " + atB);
            NatTraffic.assertNothingLost(atA, atB, UDP_FLOWS, TCP_CONNECTIONS);
        } finally {
            send.kill();
            echo.kill();
        }
    }

    private static void assertRefused(ReturnValue answer, String words) {
        assertThat(answer.isFailure()).as(answer.message()).isTrue();
        assertThat(answer.message()).contains(words).doesNotContain("Exception");
    }

    private String hostOfNat() {
        return nat.hostOf(allocId, "nat");
    }

    /**
     * Moves the NAT to {@code target} by total copy, telling {@code watcher} each step, and waits for the task's
     * result. The mode is given because this is total copy's test (its steps, its aborts); the platform's default, the
     * phased move, has PhasedMigrateFlowsTest.
     */
    private ReturnValue runMove(String target, FlowMigrations.StepListener watcher) {
        return nat.migrateWatching(watcher, allocId, "nat", target, "", "total_copy");
    }
}
