package org.flowstream.contracts.records.modulehost;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.WireName;

/**
 * The PM struct's {@code stats}: a PM's own counters in list_pms, as its runtime last wrote them.
 *
 * @param ports    per interface (p0, ...) its packet and byte counters
 * @param elements per element of its graph that reports any, that element's counters and state
 */
@WireName("a PM's stats")
public record PmStats(Map<String, PortCounters> ports, Map<String, ElementCounters> elements) {

    public PmStats {
        ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
        elements = Collections.unmodifiableMap(new LinkedHashMap<>(elements));
    }

    /**
     * The counters of a PM runtime's stats file ({@code {name, pid, state, updated_ms, ports, elements}}, written
     * by the PM, read by its host); none before its first write. The ports are read strictly (the runtime writes
     * exactly a {@link PortCounters} per port), the elements as {@link ElementCounters#reported} takes them.
     */
    public static PmStats fromStatsFile(Map<String, ?> written) {
        Map<String, Object> ports = new LinkedHashMap<>();
        ports.put("ports", written.get("ports") == null ? Map.of() : written.get("ports"));
        ports.put("elements", Map.of());
        Map<String, ElementCounters> elements = new LinkedHashMap<>();
        if (written.get("elements") instanceof Map<?, ?> byElement) {
            byElement.forEach((element, counters) -> {
                if (counters instanceof Map<?, ?> reported) {
                    elements.put(String.valueOf(element), ElementCounters.reported(reported));
                }
            });
        }
        return new PmStats(Structs.fromStruct(ports, PmStats.class).ports(), elements);
    }
}
