package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.migration.FlowMigrations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * migrate_flows with the phased move (§2.3.2, both phases) between two module hosts, every part real (the platform
 * of {@link MigrateFlowsTest}: one Open vSwitch, two module host daemons, the openflow and resource daemons). The
 * old NAT daisy-chains the packets it keeps no state for to the new one through the switch, on the daisy paths the
 * move installs through the openflow daemon; short flows expire at the old NAT in the idle phase and are never
 * copied, long ones (UDP with per-flow sequence numbers and TCP connections held open) are copied in batches. A
 * first move whose new PM dies in the middle of a batch aborts, the old NAT keeps every mapping and processes what it
 * had daisy-chained to the dead PM unacknowledged: nothing is lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhasedMigrateFlowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXTERNAL = "198.51.100.7";
    private static final String REQUEST = NatPlatform.natRequest(EXTERNAL, 3);
    private static final int LONG_FLOWS = 30;
    private static final int SHORT_FLOWS = 40;
    private static final int TCP_CONNECTIONS = 4;

    private NatPlatform nat;
    private DaemonClient tenant;
    private ResourceDaemon resource;
    private int allocId;

    @BeforeAll
    void startPlatform() throws Exception {
        PlatformFixture.assumePlatform();
        nat = new NatPlatform("phased-move", List.of("10.81.0.1"), List.of(EXTERNAL));
        tenant = nat.tenant;
        resource = nat.resource;
        // A fixed idle phase (each test sets its length): the short flows (IDLE 3) expire in it whatever the
        // machine's speed.
        resource.settings().migrationExpiryRatePercent = 0;
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
    void aPhasedMoveWhoseNewPmDiesInTheMiddleOfABatchAbortsAndTheOldNatKeepsEveryMapping() throws Exception {
        resource.settings().migrationMaxIdleMillis = 300; // nothing expires here: the batches are what this is about
        String before = hostOfNat();
        String target = nat.otherHost(before);
        Traffic.Script echo = nat.echo();
        Traffic.Script send = longFlows();
        try {
            send.go();
            send.awaitLine("sending");
            List<String> mappings = NatPlatform.states(nat.host(before), pm());
            AtomicInteger batches = new AtomicInteger();
            AtomicLong killedAt = new AtomicLong();
            FlowMigrations.StepListener killNewPm = (id, step) -> {
                if (step.equals(FlowMigrations.BATCH_IN_HAND) && batches.incrementAndGet() == 2) {
                    killedAt.set(System.currentTimeMillis()); // to set beside B's gaps, should a datagram be lost
                    NatPlatform.killPm(nat.host(target), pm()); // batch 1 is at the new NAT, batch 2 in hand
                }
            };
            ReturnValue aborted = runMove(target, killNewPm);
            assertThat(aborted.isFailure()).as(aborted.message()).isTrue();
            assertThat(aborted.message()).contains("aborted, the PM serves on where it was");
            assertThat(batches.get()).isEqualTo(2);
            assertThat(hostOfNat()).isEqualTo(before);
            assertThat(NatPlatform.states(nat.host(before), pm())).isEqualTo(mappings);
            assertThat(nat.daisyPaths()).isEmpty();
            Map<?, ?> gate = gate(before);
            assertThat((Object[]) gate.get("daisy_chained")).isEmpty();
            assertThat((Object[]) gate.get("frozen")).isEmpty();
            Thread.sleep(1_000); // traffic runs through the old NAT after the abort

            send.go();
            JsonNode atA = send.result();
            echo.go();
            JsonNode atB = echo.result();
            long sent = 0;
            for (JsonNode n : atA.get("sent")) {
                sent += n.asLong();
            }
            System.out.println("PhasedMigrateFlowsTest: new PM killed mid-batch: " + aborted.message()
                    + "\nPhasedMigrateFlowsTest: datagrams lost "
                    + (sent - atB.get("received").asLong()) + " of "
                    + sent + ", echoes lost " + (sent - atA.get("echoed").asLong()) + "; A " + atA + "\nB " + atB);
            // What the old NAT had daisy-chained to the dead PM and never saw acknowledged it processed itself
            // (daisy_replayed): nothing lost, twice or out of order; no mapping lost: no flow changed its external
            // endpoint, no TCP connection was reset.
            System.out.println("PhasedMigrateFlowsTest: the old NAT's gate after the abort " + gate
                    + "\nPhasedMigrateFlowsTest: the new PM killed at " + killedAt.get() + " ms (epoch)");
            assertThat(atB.get("received").asLong()).as("datagrams lost").isEqualTo(sent);
            assertThat(atA.get("echoed").asLong()).as("echoes lost").isEqualTo(sent);
            assertThat(atB.get("flows_whose_endpoint_changed").asInt()).isZero();
            assertThat(atB.get("duplicated").asInt()).isZero();
            assertThat(atB.get("reordered").asInt()).isZero();
            assertThat(atA.get("tcp_resets").asInt()).isZero();
            assertThat(atB.get("tcp_resets").asInt()).isZero();
            assertThat(atA.get("tcp_echoed").asInt())
                    .isEqualTo(atA.get("tcp_sent").asInt());
        } finally {
            send.kill();
            echo.kill();
        }
    }

    @Test
    @Order(2)
    void theNatMovesInPhasesShortFlowsExpireLongOnesAreCopiedAndNothingIsLost() throws Exception {
        resource.settings().migrationMaxIdleMillis = 4_500;
        String before = hostOfNat();
        String target = nat.otherHost(before);
        Traffic.Script echo = nat.echo();
        Traffic.Script shortEcho = nat.echoOn(7002, 7003);
        Traffic.Script send = longFlows();
        Traffic.Script shortSend = nat.sendTo(7002, 7003, SHORT_FLOWS, 0, "0.02", "0.0.0.0");
        try {
            send.go();
            send.awaitLine("sending");
            shortSend.go();
            shortSend.awaitLine("sending"); // 25 rounds of the short flows, then they stop
            shortSend.go();
            JsonNode shortAtA = shortSend.result();

            List<String> progress = new CopyOnWriteArrayList<>();
            AtomicReference<List<String>> afterIdlePhase = new AtomicReference<>();
            AtomicReference<Integer> daisyPathsInTheIdlePhase = new AtomicReference<>();
            FlowMigrations.StepListener watch = (id, step) -> {
                progress.add(step);
                if (step.equals("idle phase")) {
                    daisyPathsInTheIdlePhase.set(nat.daisyPaths().size());
                }
                if (step.equals("copy state") && afterIdlePhase.get() == null) {
                    afterIdlePhase.set(NatPlatform.states(nat.host(before), pm()));
                }
            };
            ReturnValue moved = runMove(target, watch);
            assertThat(moved.isSuccess()).as(moved.message()).isTrue();
            System.out.println(
                    "PhasedMigrateFlowsTest: " + moved.message() + " " + JSON.writeValueAsString(moved.value()));
            assertThat(progress)
                    .containsSubsequence("start PM", "idle phase", "copy state", "rewire the switch", "hand over");
            assertThat(progress.stream().filter("copy state"::equals)).hasSize(8);
            // Per NAT port, a daisy path, the acknowledgements' way back and the new instance's way out.
            assertThat(daisyPathsInTheIdlePhase.get()).isEqualTo(6);
            assertThat(nat.daisyPaths()).isEmpty();
            assertThat(hostOfNat()).isEqualTo(target);
            assertThat(nat.host(before).pms().get(pm())).isNull();

            // The short flows expired at the old NAT in the idle phase and were never copied; the long ones were.
            Map<?, ?> figures = (Map<?, ?>) ((Object[]) ((Map<?, ?>) moved.value()).get("elements"))[0];
            assertThat((Integer) figures.get("states_at_start")).isGreaterThanOrEqualTo(LONG_FLOWS + TCP_CONNECTIONS);
            assertThat(figures.get("states_after_idle_phase")).isEqualTo(LONG_FLOWS + TCP_CONNECTIONS);
            assertThat(figures.get("states")).isEqualTo(LONG_FLOWS + TCP_CONNECTIONS);
            assertThat(afterIdlePhase.get()).hasSize(LONG_FLOWS + TCP_CONNECTIONS);
            assertThat(NatPlatform.states(nat.host(target), pm())).isEqualTo(afterIdlePhase.get());
            Map<?, ?> gate = gate(target);
            assertThat((Integer) gate.get("daisy_refused")).isZero();
            assertThat((Object[]) gate.get("daisy_accepting")).isEmpty();
            Thread.sleep(500); // traffic runs through the new NAT

            send.go(); // stop sending; A waits for the last echoes
            JsonNode atA = send.result();
            echo.go();
            JsonNode atB = echo.result();
            shortEcho.go();
            JsonNode shortAtB = shortEcho.result();
            System.out.println("PhasedMigrateFlowsTest: A " + atA + "\nB " + atB + "\nshort flows: A " + shortAtA
                    + "\nB " + shortAtB + "\nnew NAT's gate " + gate);
            NatTraffic.assertNothingLost(atA, atB, LONG_FLOWS, TCP_CONNECTIONS);
            NatTraffic.assertNothingLost(shortAtA, shortAtB, SHORT_FLOWS, 0);
        } finally {
            send.kill();
            echo.kill();
            shortSend.kill();
            shortEcho.kill();
        }
    }

    /** A's long UDP flows and TCP connections to B's echo on 7000/7001, 50 rounds a second. */
    private Traffic.Script longFlows() throws java.io.IOException {
        return nat.send(LONG_FLOWS, TCP_CONNECTIONS, "0.02", "0.0.0.0");
    }

    private String pm() {
        return "a" + allocId + "-nat";
    }

    /** The NAT's gate counters on {@code host} (pm_flows global). */
    private Map<?, ?> gate(String host) {
        return NatPlatform.gate(nat.host(host).url(), pm());
    }

    private String hostOfNat() {
        return nat.hostOf(allocId, "nat");
    }

    /** Moves the NAT to {@code target} in phases, telling {@code watcher} each step; waits for the task's result. */
    private ReturnValue runMove(String target, FlowMigrations.StepListener watcher) {
        return nat.migrateWatching(watcher, allocId, "nat", target, "", "phased");
    }
}
