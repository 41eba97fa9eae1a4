package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowstream.common.testing.Eventually.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.resource.scaleout.GroupScaler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A NAT scaling group on the platform (docs/migration.md, "Scale-out"), every part real ({@link NatPlatform}: one
 * Open vSwitch, two module host daemons, the openflow and resource daemons). A tenant installs a NAT as a group of
 * 1 to 2 members whose pool of two external addresses pairs each inside /25 with one of them (two units); A runs UDP
 * flows with sequence numbers and TCP connections from both /25s through it to B, which echoes everything. While
 * they run: an operator's scale-out starts a second member on the other module host and moves one unit to it with
 * its mappings (the switch splits the traffic by unit); migrate_flows with the other unit's filter moves that unit
 * to the second member too; a scale-in stops the first, left without units; a scale-out
 * whose new member's module host dies while the unit's state is copied aborts, and the group serves on. Then: every
 * datagram reached B once and in order, no flow's external address or port changed, every echo and TCP line came
 * back in order, no connection was reset.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupScaleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Units: 10.81.0.0/25 with 198.51.100.8, 10.81.0.128/25 with 198.51.100.9 (PAIR_PREFIX 25, a /31 pool). */
    private static final String REQUEST = """
            BASESYS=linux.netns
            GROUP=nat 1-2
            inside :: FromNet("ip,nw_src=10.81.0.0/24", IONODE net0)
            outside :: FromNet("ip,nw_dst=198.51.100.8/31", IONODE net1)
            nat :: IPRewriter(EXTERNAL 198.51.100.8/31, PAIR_PREFIX 25, IDLE 120)
            toB :: ToNet(net1)
            toA :: ToNet(net0)
            inside -> [0]nat[0] -> toB
            outside -> [1]nat[1] -> toA
            """;

    private static final int UDP_FLOWS = 30;
    private static final int TCP_CONNECTIONS = 4;

    private NatPlatform nat;
    private int allocId;

    @BeforeAll
    void startPlatform() throws Exception {
        PlatformFixture.assumePlatform();
        nat = new NatPlatform(
                "group-scale", List.of("10.81.0.1", "10.81.0.129"), List.of("198.51.100.8", "198.51.100.9"));
        allocId = ControllerDaemons.installActive(nat.tenant, REQUEST);
    }

    @AfterAll
    void stopPlatform() {
        if (nat != null) {
            nat.close();
        }
    }

    @Test
    void aNatGroupScalesOutAndBackInAndAFailedScaleOutLeavesItServingLosingNothing() throws Exception {
        String first = "a%d-nat".formatted(allocId);
        assertThat(members()).containsOnlyKeys(first);
        String firstHost = members().get(first);
        Traffic.Script echo = nat.echo();
        Traffic.Script send = nat.send(UDP_FLOWS, TCP_CONNECTIONS, "0.02", "10.81.0.1,10.81.0.129");
        try {
            send.go();
            send.awaitLine("sending");
            List<String> all = NatPlatform.states(nat.host(firstHost), first);
            assertThat(all).hasSize(UDP_FLOWS + TCP_CONNECTIONS);

            // Scale-out: a second member on the other host takes the unit 10.81.0.0/25 with its mappings.
            ReturnValue out = scale("out");
            assertThat(out.isSuccess()).as(out.message()).isTrue();
            String second = "a%d-nat-2".formatted(allocId);
            assertThat(members()).containsOnlyKeys(first, second).containsEntry(second, nat.otherHost(firstHost));
            Thread.sleep(500); // traffic runs through both members
            List<String> atFirst = NatPlatform.states(nat.host(firstHost), first);
            List<String> atSecond = NatPlatform.states(nat.host(members().get(second)), second);
            assertThat(atSecond)
                    .as("the moved unit's mappings, and no other")
                    .isNotEmpty()
                    .allMatch(s -> s.contains("198.51.100.8"))
                    .isEqualTo(
                            all.stream().filter(s -> s.contains("198.51.100.8")).toList());
            assertThat(atFirst)
                    .as("the unit that stayed, and no new mapping of the moved one")
                    .allMatch(s -> s.contains("198.51.100.9"))
                    .isEqualTo(
                            all.stream().filter(s -> s.contains("198.51.100.9")).toList());

            // migrate_flows with a unit's filter: the tenant moves the other unit to the second member too.
            ReturnValue queued =
                    nat.tenant.call("migrate_flows", allocId, "nat", members().get(second), "inside 10.81.0.128/25");
            assertThat(queued.isNotReady()).as(queued.message()).isTrue();
            ReturnValue moved = await(
                    "the unit moves", () -> nat.tenant.call("get_task_result", queued.value()), r -> !r.isNotReady());
            System.out.println(
                    "GroupScaleTest: migrate_flows: " + moved.message() + " " + JSON.writeValueAsString(moved.value()));
            assertThat(moved.isSuccess()).as(moved.message()).isTrue();
            Thread.sleep(500); // traffic runs through the second member only
            assertThat(NatPlatform.states(nat.host(members().get(second)), second))
                    .isEqualTo(all);
            assertThat(NatPlatform.states(nat.host(firstHost), first)).isEmpty();

            // Scale-in: the member left without units stops.
            ReturnValue in = scale("in");
            assertThat(in.isSuccess()).as(in.message()).isTrue();
            assertThat(members()).hasSize(1);
            String remaining = members().keySet().iterator().next();
            String remainingHost = members().get(remaining);
            Thread.sleep(500); // traffic runs through the one member
            assertThat(NatPlatform.states(nat.host(remainingHost), remaining)).isEqualTo(all);

            // A scale-out whose new member's module host dies (its daemon and PMs) while the state is copied aborts.
            String doomed = nat.otherHost(remainingHost);
            GroupScaler.StepListener killHost = (id, unit, step) -> {
                if (step.equals("copy state")) {
                    nat.host(doomed).stop();
                }
            };
            nat.resource.scaler().addListener(killHost);
            ReturnValue failed;
            try {
                failed = scale("out");
            } finally {
                nat.resource.scaler().removeListener(killHost);
            }
            assertThat(failed.isFailure()).as(failed.message()).isTrue();
            assertThat(failed.message())
                    .contains("aborted", "serves on with its units", "the unit stays with its state");
            assertThat(members()).containsOnlyKeys(remaining);
            assertThat(nat.tenant.call("get_allocation", allocId).message()).contains("is active");
            Thread.sleep(500); // traffic runs through the member that stayed
            assertThat(NatPlatform.states(nat.host(remainingHost), remaining)).isEqualTo(all);

            send.go(); // stop sending; A waits for the last echoes
            JsonNode atA = send.result();
            echo.go();
            JsonNode atB = echo.result();
            System.out.println("GroupScaleTest: A " + atA + "\nGroupScaleTest: B " + atB);
            NatTraffic.assertNothingLost(atA, atB, UDP_FLOWS, TCP_CONNECTIONS);
        } finally {
            send.kill();
            echo.kill();
        }
    }

    private ReturnValue scale(String direction) throws Exception {
        return GroupCalls.scale(nat, allocId, direction, "GroupScaleTest");
    }

    /** The group's members as get_allocation shows them: instance to module host. */
    private Map<String, String> members() {
        return nat.instances(allocId, "nat");
    }
}
