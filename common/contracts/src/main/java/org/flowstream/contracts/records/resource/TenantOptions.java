package org.flowstream.contracts.records.resource;

import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * add_tenant's options: every one may be left out (the password is then generated and answered once; the quota
 * is the configured default).
 *
 * @param cpuCores    CPU cores its allocations may hold together
 * @param memoryMb    memory its allocations may hold together
 * @param allocations allocations it may hold at once
 */
@WireName("add_tenant's options")
public record TenantOptions(
        @MayBeOmitted String password,
        @MayBeOmitted Double cpuCores,
        @MayBeOmitted Long memoryMb,
        @MayBeOmitted Integer allocations) {}
