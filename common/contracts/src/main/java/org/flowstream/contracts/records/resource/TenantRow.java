package org.flowstream.contracts.records.resource;

import org.flowstream.contracts.records.WireName;

/**
 * One row of list_tenants: a tenant account and its quota; never a password or its hash.
 *
 * @param source           "api" (added with add_tenant) or "configuration" (the daemon's users)
 * @param holdsAllocations how many allocations it holds now
 */
@WireName("a list_tenants row")
public record TenantRow(
        String name, String source, double cpuCores, long memoryMb, int allocations, int holdsAllocations) {}
