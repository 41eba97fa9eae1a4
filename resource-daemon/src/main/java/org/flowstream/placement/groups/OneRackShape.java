package org.flowstream.placement.groups;

import java.util.List;
import java.util.Optional;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;

/**
 * The capacities of one server of a platform where the group search applies: every server hangs off
 * one switch and all servers are alike. There a group's server-side loads (CPU, memory, internal
 * bandwidth, downlink, uplink) depend only on how its service is split, never on which server it is
 * on, and the links between the switch and the I/O nodes carry the same whatever the placement; so a
 * placement is a vector packing of groups into identical bins. Delay bounds would tie groups to each
 * other, so services with delay bounds are left to the other searches.
 *
 * @param capacity a server's capacity per {@link Resource}, in that resource's unit (bps for the links)
 * @param servers how many servers the rack has
 */
public record OneRackShape(long[] capacity, int servers) {
    /** The server-side resources a group loads, in the order of the capacity array. */
    public enum Resource {
        CPU,
        MEMORY,
        INTERNAL,
        DOWNLINK,
        UPLINK
    }

    public OneRackShape {
        capacity = capacity.clone();
    }

    /** The shape when the platform is one rack of identical servers and no service has a delay bound. */
    public static Optional<OneRackShape> of(Platform platform, List<ServiceGraph> services) {
        List<ServerNode> servers = platform.servers();
        if (servers.isEmpty()) return Optional.empty();
        for (ServiceGraph ns : services) if (!ns.delayBounds().isEmpty()) return Optional.empty();
        ServerNode first = servers.get(0);
        long[] capacity = capacityOf(first);
        for (ServerNode s : servers) {
            if (s.rack() != first.rack() || !java.util.Arrays.equals(capacityOf(s), capacity)) return Optional.empty();
        }
        return Optional.of(new OneRackShape(capacity, servers.size()));
    }

    private static long[] capacityOf(ServerNode s) {
        return new long[] {
            s.cpuCenti(),
            s.memoryMb(),
            s.internalBps(),
            s.downlink().capacityBps(),
            s.uplink().capacityBps()
        };
    }

    public long capacity(Resource r) {
        return capacity[r.ordinal()];
    }
}
