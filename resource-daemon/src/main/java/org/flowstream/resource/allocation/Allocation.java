package org.flowstream.resource.allocation;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.resource.PlacedPm;

/**
 * An allocation as the resource daemon keeps it: the tenant's request and what was made of it.
 *
 * @param placement PM name to the module host chosen for it (empty until placed)
 * @param instances the PMs started so far, recorded as each one starts so that nothing can leak
 * @param wired     whether the openflow daemon holds its connections
 * @param cpuCores  what the allocation counts against its tenant's quota
 */
public record Allocation(
        int id,
        String tenant,
        String request,
        AllocationState state,
        String reason,
        Map<String, String> placement,
        List<PlacedPm> instances,
        boolean wired,
        double cpuCores,
        long memoryMb,
        long createdMillis,
        long updatedMillis) {

    public Allocation {
        placement = Map.copyOf(placement);
        instances = List.copyOf(instances);
        reason = reason == null ? "" : reason;
    }

    /**
     * Whether {@code host} was chosen for one of its PMs or runs one: a scaling group's further members run beyond
     * the placement, which holds one member per group.
     */
    public boolean uses(String host) {
        return placement.containsValue(host)
                || instances.stream().anyMatch(i -> i.host().equals(host));
    }

    /** The allocation counting this much more (or, negative, less) against its tenant's quota: a group's member. */
    public Allocation withCapacityAdded(double moreCpuCores, long moreMemoryMb) {
        return new Allocation(
                id,
                tenant,
                request,
                state,
                reason,
                placement,
                instances,
                wired,
                cpuCores + moreCpuCores,
                memoryMb + moreMemoryMb,
                createdMillis,
                System.currentTimeMillis());
    }

    public Allocation withState(AllocationState newState, String newReason) {
        return new Allocation(
                id,
                tenant,
                request,
                newState,
                newReason,
                placement,
                instances,
                wired,
                cpuCores,
                memoryMb,
                createdMillis,
                System.currentTimeMillis());
    }

    public Allocation withPlacement(Map<String, String> newPlacement) {
        return new Allocation(
                id,
                tenant,
                request,
                state,
                reason,
                newPlacement,
                instances,
                wired,
                cpuCores,
                memoryMb,
                createdMillis,
                System.currentTimeMillis());
    }

    public Allocation withInstances(List<PlacedPm> newInstances) {
        return new Allocation(
                id,
                tenant,
                request,
                state,
                reason,
                placement,
                newInstances,
                wired,
                cpuCores,
                memoryMb,
                createdMillis,
                System.currentTimeMillis());
    }

    public Allocation withWired(boolean nowWired) {
        return new Allocation(
                id,
                tenant,
                request,
                state,
                reason,
                placement,
                instances,
                nowWired,
                cpuCores,
                memoryMb,
                createdMillis,
                System.currentTimeMillis());
    }
}
