package org.flowstream.resource.allocation;

import org.flowstream.contracts.records.resource.AllocationRow;
import org.flowstream.contracts.records.resource.AllocationStatus;

/** How an allocation is shown to callers over XML-RPC (contract records, plain structs on the wire). */
public final class AllocationView {

    private AllocationView() {}

    /** get_allocation's value: state, reason, placement and the started PMs with their switch ports. */
    public static AllocationStatus of(Allocation a) {
        return AllocationStatus.of(summary(a), a.placement(), a.instances(), a.wired(), a.request());
    }

    /** list_allocations' rows. */
    public static AllocationRow summary(Allocation a) {
        return new AllocationRow(
                a.id(),
                a.tenant(),
                state(a),
                a.reason(),
                a.cpuCores(),
                a.memoryMb(),
                a.createdMillis(),
                a.updatedMillis());
    }

    private static String state(Allocation a) {
        return a.state().name().toLowerCase();
    }
}
