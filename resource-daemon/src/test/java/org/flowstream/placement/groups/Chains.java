package org.flowstream.placement.groups;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceGraphBuilder;
import org.flowstream.placement.domain.Units;

/** Chain services for the group search's tests: io-0, one PM of 1 core per given memory, io-0; 100 Mbps on every link. */
final class Chains {
    static final long LINK_BPS = 100 * Units.BITS_PER_MBPS;

    private Chains() {}

    static ServiceGraph chain(Platform p, String id, AtomicInteger keys, long... memoryMb) {
        ServiceGraphBuilder b = new ServiceGraphBuilder(id, "chain", keys);
        b.source("in", p.ioNode("io-0"));
        String prev = "in";
        for (int i = 0; i < memoryMb.length; i++) {
            b.pm("pm" + i, 100, memoryMb[i]);
            b.link(prev, "pm" + i, LINK_BPS);
            prev = "pm" + i;
        }
        b.sink("out", List.of(p.ioNode("io-0")));
        b.link(prev, "out", LINK_BPS);
        return b.build();
    }
}
