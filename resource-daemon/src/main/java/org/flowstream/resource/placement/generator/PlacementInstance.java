package org.flowstream.resource.placement.generator;

import java.util.List;
import org.flowstream.resource.placement.domain.NetworkService;
import org.flowstream.resource.placement.domain.PlacementObjective;
import org.flowstream.resource.placement.domain.PlacementSolution;
import org.flowstream.resource.placement.domain.Platform;

/** A platform and the network services to place on it. */
public record PlacementInstance(Platform platform, List<NetworkService> services) {
    public PlacementInstance {
        services = List.copyOf(services);
    }

    public int pmCount() {
        return services.stream().mapToInt(ns -> ns.pms().size()).sum();
    }

    public PlacementSolution toSolution(PlacementObjective objective) {
        return new PlacementSolution(platform, services, objective);
    }
}
