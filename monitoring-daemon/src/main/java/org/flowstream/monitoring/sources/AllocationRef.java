package org.flowstream.monitoring.sources;

import java.util.Map;

/** A row of the resource daemon's list_allocations: {id, tenant, state, ...}. */
public record AllocationRef(int id, String tenant, String state) {

    static AllocationRef fromWire(Object value) {
        Map<?, ?> s = Wire.struct(value);
        return new AllocationRef((int) Wire.count(s, "id"), Wire.text(s, "tenant"), Wire.text(s, "state"));
    }
}
