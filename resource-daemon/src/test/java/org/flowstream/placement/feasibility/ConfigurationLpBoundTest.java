package org.flowstream.placement.feasibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.generator.InstanceGenerator;
import org.junit.jupiter.api.Test;

class ConfigurationLpBoundTest {

    /** Basic NS52 seed 6 at 1024 B: the split-packing bound counts 38.3 of 40 servers, the LP more than 40. */
    @Test
    void provesTheBasicCellThatTheSplitPackingBoundLeavesOpen() {
        Platform basic = InstanceGenerator.basicPlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS);
        List<ServiceGraph> services =
                InstanceGenerator.generate(basic, 52, 0, 6).services();
        assertThat(SplitPackingBound.check(basic, services)).isEmpty();
        long t = System.nanoTime();
        Optional<Infeasibility> r = ConfigurationLpBound.check(basic, services);
        System.out.printf("NS52 s6: %s in %.1f s%n", r, (System.nanoTime() - t) / 1e9); // fails: see the commit message
        assertThat(r).isPresent();
    }
}
