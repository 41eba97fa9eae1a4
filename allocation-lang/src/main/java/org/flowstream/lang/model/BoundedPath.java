package org.flowstream.lang.model;

import java.util.List;

/**
 * A delay bound on paths of the service (§3.2.2, paths T with bounds z_i).
 *
 * @param source     the FromNet the path starts at
 * @param sink       the ToNet it ends at
 * @param via        nodes the path must pass through in order; empty means every path from source to sink
 * @param maxDelayMs the bound on the path's total link delay, in milliseconds
 */
public record BoundedPath(String source, String sink, List<String> via, double maxDelayMs) {
    public BoundedPath {
        via = List.copyOf(via);
    }
}
