package org.flowstream.resource.tenants;

import java.util.List;
import java.util.Optional;
import org.flowstream.resource.allocation.Allocation;

/** Decides whether a tenant's new allocation fits in its quota, given what it already holds. */
public final class QuotaCheck {

    private QuotaCheck() {}

    /** Why the request exceeds the quota, or empty when it fits. */
    public static Optional<String> exceeded(Quota quota, List<Allocation> held, double cpuCores, long memoryMb) {
        List<Allocation> holding =
                held.stream().filter(a -> a.state().holdsCapacity()).toList();
        if (holding.size() + 1 > quota.allocations()) {
            return Optional.of("quota: you hold %d allocations, the most allowed is %d; delete one first"
                    .formatted(holding.size(), quota.allocations()));
        }
        return capacityExceeded(quota, holding, "this request", cpuCores, memoryMb);
    }

    /**
     * Why one more member of a scaling group (what {@code what} names, needing this much) would exceed the quota, or
     * empty when it fits; the allocation it joins is already counted.
     */
    public static Optional<String> exceededByGrowth(
            Quota quota, List<Allocation> held, String what, double cpuCores, long memoryMb) {
        return capacityExceeded(
                quota, held.stream().filter(a -> a.state().holdsCapacity()).toList(), what, cpuCores, memoryMb);
    }

    private static Optional<String> capacityExceeded(
            Quota quota, List<Allocation> holding, String what, double cpuCores, long memoryMb) {
        double cpu = holding.stream().mapToDouble(Allocation::cpuCores).sum();
        long memory = holding.stream().mapToLong(Allocation::memoryMb).sum();
        if (cpu + cpuCores > quota.cpuCores() + 1e-9) {
            return Optional.of("quota: %s needs %.2f CPU cores and you hold %.2f of your %.2f"
                    .formatted(what, cpuCores, cpu, quota.cpuCores()));
        }
        if (memory + memoryMb > quota.memoryMb()) {
            return Optional.of("quota: %s needs %d MB and you hold %d MB of your %d MB"
                    .formatted(what, memoryMb, memory, quota.memoryMb()));
        }
        return Optional.empty();
    }
}
