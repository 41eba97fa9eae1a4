package org.flowstream.contracts.records.resource;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * get_allocation's value: the row's fields, then where its PMs were placed, the PMs started so far with their
 * switch ports, whether its rules are installed, and the request as sent. The row's fields are written out
 * because the wire keeps them flat (tenants' scripts read {@code status["state"]}); {@link #of} and
 * {@link #row()} keep the two records from drifting apart.
 *
 * @param placement      PM name to the module host chosen for it (empty until placed)
 * @param rulesInstalled whether the openflow daemon holds its connections
 * @param group          its scaling group's members and their units; omitted when it has none
 */
@WireName("get_allocation's status")
public record AllocationStatus(
        int id,
        String tenant,
        String state,
        String reason,
        double cpuCores,
        long memoryMb,
        long createdMs,
        long updatedMs,
        Map<String, String> placement,
        List<PlacedPm> pms,
        boolean rulesInstalled,
        String request,
        @MayBeOmitted GroupStatus group) {

    /**
     * A status of the {@code row}'s allocation with what get_allocation adds to it.
     *
     * @param group null when the allocation has no scaling group
     */
    public static AllocationStatus of(
            AllocationRow row,
            Map<String, String> placement,
            List<PlacedPm> pms,
            boolean rulesInstalled,
            String request,
            GroupStatus group) {
        return new AllocationStatus(
                row.id(),
                row.tenant(),
                row.state(),
                row.reason(),
                row.cpuCores(),
                row.memoryMb(),
                row.createdMs(),
                row.updatedMs(),
                placement,
                pms,
                rulesInstalled,
                request,
                group);
    }

    /** The allocation as list_allocations shows it. */
    public AllocationRow row() {
        return new AllocationRow(id, tenant, state, reason, cpuCores, memoryMb, createdMs, updatedMs);
    }
}
