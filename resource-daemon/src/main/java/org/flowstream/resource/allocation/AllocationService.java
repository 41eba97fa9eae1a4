package org.flowstream.resource.allocation;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.flowstream.common.auth.Caller;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Priority;
import org.flowstream.resource.hosts.HostRegistry;
import org.flowstream.resource.tenants.Quotas;

/**
 * The allocation lifecycle as tenants see it (§2.1.1): install answers at once with an id and hands the work
 * to a high-priority task; delete likewise; get and list show only the caller's own allocations (operators
 * see all). A request is stored before it is acknowledged.
 */
public final class AllocationService {

    /** The longest one await_allocation call waits. */
    public static final int MAX_AWAIT_SECONDS = 60;
    /** The most await_allocation calls that wait at once (the daemon serves 32 requests at once by default). */
    static final int MAX_WAITING = 16;
    /** The most of those one caller holds, so that one tenant's waits cannot turn every other's into polls. */
    static final int MAX_WAITING_PER_CALLER = MAX_WAITING / 2;

    private final AllocationBook book;
    private final AllocationSteps steps;
    /** Per caller name: how many of its await_allocation calls wait now. Guarded by itself. */
    private final Map<String, Integer> waitingByCaller = new HashMap<>();
    /** How many await_allocation calls wait now, all callers together. Guarded by {@link #waitingByCaller}. */
    private int waitingNow;

    private final RequestAdmission admission;

    /** @param quotas each tenant's quota; install refuses a tenant that has none (removed meanwhile) */
    public AllocationService(
            AllocationBook book, AllocationSteps steps, RequestChecker checker, HostRegistry hosts, Quotas quotas) {
        this.book = book;
        this.steps = steps;
        this.admission = new RequestAdmission(book, steps, checker, hosts, quotas);
    }

    public ReturnValue install(String request, CallContext context) throws SQLException {
        // Admission under the lock, and the admitted request counted by the next admissions at once, so concurrent
        // requests cannot both slip past the checks; its insert (a disk flush) outside it, so that concurrent
        // requests' inserts share one group commit instead of flushing one after another.
        AllocationBook.Admitted admitted;
        synchronized (this) {
            RequestAdmission.Admitted checked;
            try {
                checked = admission.admit(request, context.caller());
            } catch (RequestRejectedException e) {
                return ReturnValue.failure(e.getMessage());
            }
            admitted = book.admit(
                    context.caller().name(), request, checked.cpuCores(), checked.memoryMb(), checked.service());
        }
        Allocation accepted;
        try {
            accepted = book.store(admitted);
        } catch (SQLException | RuntimeException e) {
            synchronized (this) {
                book.drop(admitted);
            }
            throw e;
        }
        steps.remember(accepted.id(), admitted.service());
        synchronized (this) {
            book.enter(admitted, accepted);
        }
        ReturnValue queued =
                context.scheduler().submit(new InstallTask(accepted.id(), book, steps), null, Priority.HIGH, context);
        if (queued.isFailure()) {
            book.update(accepted.id(), x -> x.withState(AllocationState.FAILED, queued.message()));
            return ReturnValue.failure(
                    "allocation %d not installed: %s".formatted(accepted.id(), queued.message()), accepted.id());
        }
        return ReturnValue.notReady(
                "allocation %d accepted; get_allocation(%d) reports its progress"
                        .formatted(accepted.id(), accepted.id()),
                accepted.id());
    }

    /** Where installs hold for crash tests (pause_installs). */
    public InstallPauses pauses() {
        return steps.pauses();
    }

    /** What install_allocation would answer now, without storing or starting anything. */
    public ReturnValue check(String request, Caller caller) {
        RequestAdmission.Admitted admitted;
        synchronized (this) {
            try {
                admitted = admission.admit(request, caller);
            } catch (RequestRejectedException e) {
                return ReturnValue.failure(e.getMessage());
            }
        }
        return ReturnValue.success(
                "the allocation request is valid: %d PM(s), %.2f CPU cores, %d MB; install_allocation would accept it now"
                        .formatted(admitted.service().modules().size(), admitted.cpuCores(), admitted.memoryMb()),
                null);
    }

    public ReturnValue delete(int id, CallContext context) throws SQLException {
        Optional<Allocation> found = visible(id, context.caller());
        if (found.isEmpty()) {
            boolean deleted = book.getIncludingDeleted(id)
                    .filter(a -> maySee(a, context.caller()))
                    .filter(a -> a.state() == AllocationState.DELETED)
                    .isPresent();
            return deleted
                    ? ReturnValue.success("allocation %d is already deleted; nothing to do".formatted(id), id)
                    : unknown(id);
        }
        if (found.get().state() != AllocationState.DELETING) {
            book.update(id, x -> x.withState(AllocationState.DELETING, "deleting"));
        }
        ReturnValue queued = context.scheduler().submit(new DeleteTask(id, book, steps), null, Priority.HIGH, context);
        if (queued.isFailure()) {
            return ReturnValue.failure("allocation %d stays in DELETING: %s; call delete_allocation again"
                    .formatted(id, queued.message()));
        }
        return ReturnValue.notReady(
                "allocation %d is being deleted; get_allocation(%d) reports when it is gone".formatted(id, id), id);
    }

    public ReturnValue get(int id, Caller caller) throws SQLException {
        Optional<Allocation> found = book.getIncludingDeleted(id).filter(a -> maySee(a, caller));
        if (found.isEmpty()) {
            return unknown(id);
        }
        Allocation a = found.get();
        // A deleted allocation's group is gone with it; a live one's is read only if its request has one.
        Object view =
                AllocationView.of(a, book.get(id).isPresent() ? steps.group(a) : Optional.empty(), steps.unitRates());
        String message =
                "allocation %d is %s: %s".formatted(id, a.state().name().toLowerCase(), a.reason());
        return switch (a.state()) {
            case FAILED -> ReturnValue.failure(message, view);
            case ACCEPTED, INSTALLING, DELETING -> ReturnValue.notReady(message, view);
            default -> ReturnValue.success(message, view);
        };
    }

    /**
     * get_allocation's answer once the allocation is no longer accepted, installing or deleting, or when {@code
     * timeoutSeconds} have passed (then still CODE_NOT_READY): a client learns that its allocation is active the
     * moment it is, without polling. At most {@link #MAX_WAITING} calls wait at once, and at most {@link
     * #MAX_WAITING_PER_CALLER} of one caller; more are answered at once, as get_allocation, so waiting tenants never
     * hold every one of the daemon's request workers, nor one tenant every wait.
     */
    public ReturnValue await(int id, int timeoutSeconds, Caller caller) throws SQLException, InterruptedException {
        if (timeoutSeconds < 0 || timeoutSeconds > MAX_AWAIT_SECONDS) {
            return ReturnValue.failure("timeout_seconds must be 0 to %d, got %d; call again to wait longer"
                    .formatted(MAX_AWAIT_SECONDS, timeoutSeconds));
        }
        if (!takeWaitingShare(caller.name())) {
            return get(id, caller);
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (true) {
                long seen = book.changes();
                ReturnValue status = get(id, caller);
                long left = deadline - System.nanoTime();
                if (!status.isNotReady() || left <= 0) {
                    return status;
                }
                book.awaitChange(seen, left);
            }
        } finally {
            releaseWaitingShare(caller.name());
        }
    }

    private boolean takeWaitingShare(String callerName) {
        synchronized (waitingByCaller) {
            if (waitingNow >= MAX_WAITING || waitingByCaller.getOrDefault(callerName, 0) >= MAX_WAITING_PER_CALLER) {
                return false;
            }
            waitingNow++;
            waitingByCaller.merge(callerName, 1, Integer::sum);
            return true;
        }
    }

    private void releaseWaitingShare(String callerName) {
        synchronized (waitingByCaller) {
            waitingByCaller.computeIfPresent(callerName, (name, n) -> n > 1 ? n - 1 : null);
            waitingNow--;
        }
    }

    public List<Object> list(Caller caller) {
        return book.live().stream()
                .filter(a -> maySee(a, caller))
                .map(a -> (Object) AllocationView.summary(a))
                .toList();
    }

    private Optional<Allocation> visible(int id, Caller caller) {
        return book.get(id).filter(a -> maySee(a, caller));
    }

    /** Tenants see their own allocations; operators see all. */
    private static boolean maySee(Allocation a, Caller caller) {
        return caller.seesEveryTenant() || a.tenant().equals(caller.name());
    }

    /** A tenant asking about another tenant's allocation is told it does not exist. */
    private static ReturnValue unknown(int id) {
        return ReturnValue.failure("no such allocation: %d; list_allocations shows yours".formatted(id));
    }
}
