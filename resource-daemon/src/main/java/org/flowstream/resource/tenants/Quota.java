package org.flowstream.resource.tenants;

/** What one tenant may hold at once: CPU cores, memory and number of allocations. */
public record Quota(double cpuCores, long memoryMb, int allocations) {}
