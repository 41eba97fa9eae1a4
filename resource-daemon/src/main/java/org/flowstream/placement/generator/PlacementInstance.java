package org.flowstream.placement.generator;

import java.util.List;
import org.flowstream.placement.domain.PlacementObjective;
import org.flowstream.placement.domain.PlacementSolution;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;

/** A platform and the network services to place on it. */
public record PlacementInstance(Platform platform, List<ServiceGraph> services) {
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
