package org.flowstream.contracts.records.resource;

import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * add_tenant's answer: the tenant and its quota.
 *
 * @param password the generated password, only when none was given: it is stored nowhere, so this is the one
 *                 time anyone sees it
 */
@WireName("add_tenant's answer")
public record TenantAdded(
        String name, @MayBeOmitted String password, double cpuCores, long memoryMb, int allocations) {}
