package org.flowstream.resource.allocation;

import java.util.Optional;
import org.flowstream.contracts.records.resource.AllocationRow;
import org.flowstream.contracts.records.resource.AllocationStatus;
import org.flowstream.resource.scaleout.GroupState;
import org.flowstream.resource.scaleout.UnitRates;

/** How an allocation is shown to callers over XML-RPC (contract records, plain structs on the wire). */
public final class AllocationView {

    private AllocationView() {}

    /**
     * get_allocation's value: state, reason, placement, the started PMs with their switch ports, and its scaling
     * group's members with their units and each unit's measured load (if it has one).
     */
    public static AllocationStatus of(Allocation a, Optional<GroupState> group, UnitRates unitRates) {
        return AllocationStatus.of(
                summary(a),
                a.placement(),
                a.instances(),
                a.wired(),
                a.request(),
                group.map(g -> g.status(unitRates.loads(a.id()))).orElse(null));
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
