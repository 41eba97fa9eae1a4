package org.flowstream.placement.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flowstream.placement.TestPlatforms;
import org.flowstream.placement.domain.Units;
import org.junit.jupiter.api.Test;

class ServerLoadsTest {
    private final OneRackShape shape = OneRackShape.of(
                    TestPlatforms.oneRack(2, 800, 2048, 10 * Units.GBPS, Units.GBPS), List.of())
            .orElseThrow();

    /** Vectors in the order of {@link OneRackShape.Resource}: CPU, memory, internal, downlink, uplink. */
    @Test
    void violationsAreCountedInTheLedgersUnits() {
        ServerLoads loads = new ServerLoads(shape, 2);
        loads.add(0, new long[] {850, 2058, 0, 0, 0}, +1);
        assertThat(loads.violation(0)).as("50 hundredths of a core and 10 MB").isEqualTo(60);
        loads.add(1, new long[] {0, 0, 0, Units.GBPS + 1, Units.GBPS + 2 * Units.BITS_PER_MBPS}, +1);
        assertThat(loads.violation(1))
                .as("1 bit/s counts a whole Mbps, plus 2 Mbps")
                .isEqualTo(3);
        assertThat(loads.total()).isEqualTo(63);
        assertThat(loads.violationWith(1, null, new long[] {0, 0, 0, 1, 0})).isEqualTo(2);
        loads.add(0, new long[] {850, 2058, 0, 0, 0}, -1);
        assertThat(loads.total()).isEqualTo(3);
        assertThat(loads.load(0, OneRackShape.Resource.CPU)).isZero();
    }
}
