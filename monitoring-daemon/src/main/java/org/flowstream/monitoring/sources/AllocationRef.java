package org.flowstream.monitoring.sources;

import java.util.List;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.resource.AllocationRow;

/** A row of the resource daemon's list_allocations ({@link AllocationRow}). */
public record AllocationRef(int id, String tenant, String state) {

    /** list_allocations' answer; one that breaks the contract is refused, naming the field. */
    static List<AllocationRef> fromWire(Object value) {
        return Structs.fromArray(value, AllocationRow.class).stream()
                .map(row -> new AllocationRef(row.id(), row.tenant(), row.state()))
                .toList();
    }
}
