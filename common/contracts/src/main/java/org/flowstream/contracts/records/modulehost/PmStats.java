package org.flowstream.contracts.records.modulehost;

import java.util.Map;
import org.flowstream.contracts.records.WireName;

/**
 * A PM's own counters in list_pms, as the PM writes them to its stats file.
 *
 * @param ports    per interface (p0, ...) its packet and byte counters
 * @param elements per element of its graph, that element's counters and state
 */
@WireName("a PM's stats")
public record PmStats(Map<String, Object> ports, Map<String, Object> elements) {}
