package org.flowstream.lang.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.lang.model.BoundedPath;

/** What the request's Placement elements say, keyed by flattened element name and by connection. */
final class PlacementAnnotations {

    final Map<String, Double> cpuCores = new HashMap<>();
    final Map<String, Long> memoryMb = new HashMap<>();
    final Map<FlatEdge, Double> packetsPerSecond = new IdentityHashMap<>();
    final List<BoundedPath> paths = new ArrayList<>();
}
