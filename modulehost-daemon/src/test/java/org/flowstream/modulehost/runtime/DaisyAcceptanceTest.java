package org.flowstream.modulehost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PM's rule for arriving daisy-chain frames (docs/migration.md, "Who may send a daisy-chained frame"), on a NAT
 * behind a firewall: a daisy-chained packet only at a move's new instance and on the interface whose FromDevice
 * reaches the input the tag names; an acknowledgement only at an old instance with copies waiting, on any interface
 * (every frame arrives on one the PM reads: WireDaisyLinksTest). The real PM and switch: ForgedDaisyFrameTest.
 */
class DaisyAcceptanceTest {

    private static final String FIREWALLED_NAT = "FromDevice(p0) -> fw :: IPFilter(allow all) -> [0]nat ::"
            + " IPRewriter(EXTERNAL 198.51.100.1, IDLE 60); nat[0] -> ToDevice(p1); FromDevice(p1) -> [1]nat;"
            + " nat[1] -> ToDevice(p0); FromDevice(p2) -> Counter -> Discard";

    /** A stateful element's move, as a test sets it. */
    private static final class Side implements DaisyAcceptance.MoveSide {
        boolean accepting;
        boolean copies;

        @Override
        public boolean acceptsDaisyChained() {
            return accepting;
        }

        @Override
        public boolean awaitsAcknowledgements() {
            return copies;
        }
    }

    private final Side nat = new Side();
    private final DaisyAcceptance rule;

    DaisyAcceptanceTest() throws ConfigException {
        rule = DaisyAcceptance.of(GraphParser.parse(FIREWALLED_NAT), List.of("nat"), List.of(nat));
    }

    @Test
    void outsideAMoveNothingIsTaken() {
        for (String device : List.of("p0", "p1", "p2", "p3")) {
            assertThat(rule.takesDaisyChained(0, 0, device)).isFalse();
            assertThat(rule.takesDaisyChained(0, 1, device)).isFalse();
        }
        assertThat(rule.takesAcknowledgement(0)).isFalse();
    }

    @Test
    void aNewInstanceTakesAnInputsPacketsOnlyFromTheInterfaceThatLeadsThere() {
        nat.accepting = true;
        assertThat(rule.takesDaisyChained(0, 0, "p0"))
                .as("through the firewall at the old PM")
                .isTrue();
        assertThat(rule.takesDaisyChained(0, 1, "p1")).isTrue();
        assertThat(rule.takesDaisyChained(0, 0, "p1"))
                .as("the outside claiming the inside's input")
                .isFalse();
        assertThat(rule.takesDaisyChained(0, 1, "p0")).isFalse();
        assertThat(rule.takesDaisyChained(0, 0, "p2"))
                .as("an interface that reaches no NAT input")
                .isFalse();
        assertThat(rule.takesDaisyChained(0, 2, "p0"))
                .as("an input the NAT has no connection to")
                .isFalse();
        assertThat(rule.takesDaisyChained(1, 0, "p0"))
                .as("no second stateful element")
                .isFalse();
        assertThat(rule.takesAcknowledgement(0))
                .as("a new instance keeps no copies")
                .isFalse();
    }

    @Test
    void anOldInstanceTakesAcknowledgementsOnlyWhileCopiesWait() {
        nat.copies = true;
        assertThat(rule.takesAcknowledgement(0)).isTrue();
        assertThat(rule.takesAcknowledgement(1))
                .as("no second stateful element")
                .isFalse();
        assertThat(rule.takesDaisyChained(0, 0, "p0"))
                .as("an old instance takes no daisy-chained packets")
                .isFalse();
        nat.copies = false;
        assertThat(rule.takesAcknowledgement(0)).as("every copy acknowledged").isFalse();
    }

    @Test
    void anInputIsReachedThroughAnyNumberOfElementsAndFromSeveralInterfaces() throws ConfigException {
        GraphConfig config = GraphParser.parse("FromDevice(p0) -> a :: Counter -> b :: Counter -> [0]nat ::"
                + " IPRewriter(EXTERNAL 198.51.100.1, IDLE 60); FromDevice(p3) -> b; nat[0] -> ToDevice(p1);"
                + " nat[1] -> ToDevice(p0)");
        assertThat(DaisyAcceptance.entrances(config).get("nat"))
                .containsOnlyKeys(0)
                .hasEntrySatisfying(0, devices -> assertThat(devices).containsExactlyInAnyOrder("p0", "p3"));
    }
}
