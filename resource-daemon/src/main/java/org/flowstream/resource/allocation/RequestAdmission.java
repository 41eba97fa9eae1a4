package org.flowstream.resource.allocation;

import java.util.Optional;
import org.flowstream.common.auth.Caller;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.model.ProcessingModule;
import org.flowstream.resource.hosts.HostRegistry;
import org.flowstream.resource.scaleout.GroupLayout;
import org.flowstream.resource.tenants.Quota;
import org.flowstream.resource.tenants.QuotaCheck;
import org.flowstream.resource.tenants.Quotas;

/**
 * Everything a request must pass before it is stored, in one place so that install_allocation and
 * check_allocation refuse exactly the same requests with the same words: the language, the live catalogue,
 * the I/O nodes, the base system, overlap with live allocations' traffic, and the caller's quota.
 * The caller holds the lock that makes admission one step with counting the admitted request
 * ({@link AllocationBook#admit}) until it is stored.
 */
final class RequestAdmission {

    /** A request that may be stored: its checked service and the resources it holds against the quota. */
    record Admitted(NetworkService service, double cpuCores, long memoryMb) {}

    private final AllocationBook book;
    private final AllocationSteps steps;
    private final RequestChecker checker;
    private final HostRegistry hosts;
    private final Quotas quotas;

    /** @param quotas each tenant's quota; a tenant that has none was removed meanwhile and is refused */
    RequestAdmission(
            AllocationBook book, AllocationSteps steps, RequestChecker checker, HostRegistry hosts, Quotas quotas) {
        this.book = book;
        this.steps = steps;
        this.checker = checker;
        this.hosts = hosts;
        this.quotas = quotas;
    }

    /** A live allocation's checked service, or an admitted one's that is being stored. */
    private NetworkService service(Allocation a) {
        return a.id() == 0
                ? book.admittedService(a).orElseThrow(() -> new RequestRejectedException("admitted meanwhile"))
                : steps.service(a);
    }

    /** @throws RequestRejectedException with the whole message for the caller */
    Admitted admit(String request, Caller caller) {
        NetworkService service;
        try {
            service = checker.check(
                    request,
                    hosts.all(),
                    TrafficClaims.of(book.liveAndAdmitted(), this::service, checker.platform(), caller));
        } catch (RequestRejectedException e) {
            throw new RequestRejectedException(RequestChecker.NOT_VALID + "\n" + e.getMessage());
        }
        // A scaling group's PM counts once per member it starts with (its MIN); scale-outs add theirs later.
        int extraMembers = GroupLayout.groupOf(service)
                .map(g -> Math.max(0, g.minInstances() - 1))
                .orElse(0);
        ProcessingModule grouped = GroupLayout.groupOf(service)
                .map(g -> GroupLayout.groupedPm(service, g))
                .orElse(null);
        double cpu = service.modules().stream()
                        .mapToDouble(ProcessingModule::cpuCores)
                        .sum()
                + (grouped == null ? 0 : extraMembers * grouped.cpuCores());
        long memory =
                service.modules().stream().mapToLong(ProcessingModule::memoryMb).sum()
                        + (grouped == null ? 0 : extraMembers * grouped.memoryMb());
        Optional<Quota> quota = quotas.of(caller.name());
        if (quota.isEmpty()) {
            throw new RequestRejectedException(
                    "the tenant account %s was removed; ask an operator".formatted(caller.name()));
        }
        Optional<String> overQuota = QuotaCheck.exceeded(
                quota.get(),
                book.liveAndAdmitted().stream()
                        .filter(a -> a.tenant().equals(caller.name()))
                        .toList(),
                cpu,
                memory);
        if (overQuota.isPresent()) {
            throw new RequestRejectedException(overQuota.get());
        }
        return new Admitted(service, cpu, memory);
    }
}
