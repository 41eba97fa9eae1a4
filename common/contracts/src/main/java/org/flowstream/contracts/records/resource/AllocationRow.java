package org.flowstream.contracts.records.resource;

import org.flowstream.contracts.records.WireName;

/**
 * One row of list_allocations: an allocation's owner, state and what it counts against its tenant's quota.
 *
 * @param state     accepted, installing, active, degraded, failed, deleting, deleted (lower case)
 * @param reason    why it is in that state, in words
 * @param createdMs when it was accepted (milliseconds since the epoch; a double on the wire, past 2^31)
 * @param updatedMs when its state last changed
 */
@WireName("a list_allocations row")
public record AllocationRow(
        int id,
        String tenant,
        String state,
        String reason,
        double cpuCores,
        long memoryMb,
        long createdMs,
        long updatedMs) {}
