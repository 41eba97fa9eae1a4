package org.flowstream.resource.placement;

import org.flowstream.resource.placement.domain.Platform;
import org.flowstream.resource.placement.domain.Units;

/** Small platforms for tests. */
public final class TestPlatforms {
    private TestPlatforms() {
    }

    /** io-0 and io-1 on one ToR (100 Gbps, delay 1) with two servers (8 cores, 2048 MB, 1 Gbps, delay 1, 10 Gbps inside, intra delay 1). */
    public static Platform twoServers() {
        Platform.Builder b = Platform.builder("test");
        int io0 = b.ioNode("io-0");
        int io1 = b.ioNode("io-1");
        int tor = b.switchNode("tor");
        b.connect(io0, tor, 100 * Units.GBPS, 1);
        b.connect(io1, tor, 100 * Units.GBPS, 1);
        for (int i = 0; i < 2; i++) {
            int s = b.server("s" + i, 800, 2048, 10 * Units.GBPS, 1);
            b.connect(s, tor, Units.GBPS, 1);
        }
        return b.build();
    }
}
