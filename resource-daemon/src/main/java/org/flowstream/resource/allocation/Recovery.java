package org.flowstream.resource.allocation;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Priority;
import org.flowstream.common.task.StepTask;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.resource.gateway.GatewayException;
import org.flowstream.resource.gateway.HostedPm;
import org.flowstream.resource.gateway.ModuleHostGateway;
import org.flowstream.resource.hosts.HostRegistry;
import org.flowstream.resource.hosts.ModuleHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the platform equal to the allocation book when things go wrong: after a restart it finishes what was
 * in flight, re-asserts what is active and removes PMs it owns that no allocation claims; when a module host
 * goes silent its allocations become degraded, and when it returns they are started again.
 */
public final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    /** An allocation with PMs on a host that went down. */
    public record Stranded(int allocationId, String host) {}

    private static final Pattern INSTANCE_TAG = Pattern.compile("a(\\d{1,9})-.*");

    private final AllocationBook book;
    private final AllocationSteps steps;
    private final ServicePlacer placer;
    private final HostRegistry hosts;
    private final ModuleHostGateway moduleHosts;
    /** Moves an allocation whose host cannot restart its PMs; null when failover is off. */
    private final Failover failover;

    public Recovery(
            AllocationBook book,
            AllocationSteps steps,
            ServicePlacer placer,
            HostRegistry hosts,
            ModuleHostGateway moduleHosts,
            Failover failover) {
        this.book = book;
        this.steps = steps;
        this.placer = placer;
        this.hosts = hosts;
        this.moduleHosts = moduleHosts;
        this.failover = failover;
    }

    /**
     * Run once at start. Capacity is entered first; then what was in flight is rolled back and orphans are
     * removed, before any task is queued (a queued install could otherwise start a PM that looks orphaned);
     * then unfinished installs and deletes are queued and active allocations' rules re-asserted.
     */
    public void afterRestart(CallContext context) throws SQLException {
        List<Allocation> known = book.live();
        for (Allocation a : known) {
            if (!a.placement().isEmpty()) {
                placer.restore(a.id(), steps.service(a), a.placement(), hosts.all());
                steps.restoreMembers(a);
            }
        }
        for (Allocation a : known) {
            if (a.state() == AllocationState.INSTALLING) {
                rollBack(a.id());
                book.update(
                        a.id(),
                        x -> x.withState(
                                AllocationState.ACCEPTED, "restarting its installation after a daemon restart"));
            }
        }
        int newestKnown = known.stream().mapToInt(Allocation::id).max().orElse(0);
        removeOrphans(newestKnown);
        for (Allocation a : known) {
            switch (book.get(a.id()).map(Allocation::state).orElse(AllocationState.DELETED)) {
                case ACCEPTED -> queue(new InstallTask(a.id(), book, steps), context);
                case ACTIVE, DEGRADED -> reassert(a.id());
                case DELETING -> queue(new DeleteTask(a.id(), book, steps), context);
                default -> {}
            }
        }
    }

    /**
     * Brings an active allocation back in line: PMs its hosts no longer run (a host restarted, the platform
     * was taken down) are started again, and its rules are installed again (idempotent at the openflow daemon).
     */
    private void reassert(int id) throws SQLException {
        synchronized (book.lock(id)) {
            Allocation a = book.get(id).orElseThrow();
            try {
                for (String hostName :
                        a.instances().stream().map(PlacedPm::host).distinct().toList()) {
                    if (!lostOn(a, hostName).isEmpty()) {
                        book.update(
                                id,
                                x -> x.withState(
                                        AllocationState.DEGRADED,
                                        "PMs on %s were gone after a restart; starting them again"
                                                .formatted(hostName)));
                        restart(id, hostName);
                    }
                }
                steps.rewire(id);
            } catch (GatewayException e) {
                book.update(
                        id, x -> x.withState(AllocationState.DEGRADED, "could not be re-asserted: " + e.getMessage()));
            }
        }
    }

    /**
     * The allocation's PMs on that host that do not run there any more: gone (the host restarted) or failed (the
     * process died; the host lists it as failed until it is deleted). None when the host is down: that is
     * handled when it returns.
     */
    private List<PlacedPm> lostOn(Allocation a, String hostName) {
        ModuleHost host = hosts.upHost(hostName).orElse(null);
        if (host == null) {
            return List.of();
        }
        Set<String> running = new HashSet<>();
        moduleHosts.listPms(host).stream().filter(pm -> !pm.failed()).forEach(pm -> running.add(pm.instance()));
        return a.instances().stream()
                .filter(i -> i.host().equals(hostName) && !running.contains(i.instance()))
                .toList();
    }

    private void rollBack(int id) throws SQLException {
        synchronized (book.lock(id)) {
            try {
                steps.unwire(id);
                steps.stopPms(id);
            } catch (GatewayException e) {
                LOG.warn("allocation {}: rollback incomplete: {}", id, e.getMessage());
            }
            steps.unplace(id);
        }
    }

    /**
     * Deletes PMs that carry the tag of an allocation up to {@code newestKnown} but that no allocation claims
     * (left by a crash between a module host starting a PM and the book recording it). Newer allocations are
     * being installed right now and are not looked at.
     */
    public void removeOrphans(int newestKnown) {
        Set<PlacedPm.Key> claimed = new HashSet<>();
        book.live().forEach(a -> a.instances().forEach(i -> claimed.add(i.key())));
        for (ModuleHost host : hosts.up()) {
            try {
                for (String instance : moduleHosts.listPms(host).stream()
                        .map(HostedPm::instance)
                        .toList()) {
                    if (isOrphan(new PlacedPm.Key(host.name(), instance), claimed, newestKnown)) {
                        LOG.info("removing orphan PM {} on {}", instance, host.name());
                        moduleHosts.deletePm(host, instance);
                    }
                }
            } catch (GatewayException e) {
                LOG.warn("cannot look for orphan PMs on {}: {}", host.name(), e.getMessage());
            }
        }
    }

    private static boolean isOrphan(PlacedPm.Key instance, Set<PlacedPm.Key> claimed, int newestKnown) {
        OptionalInt id = allocationOf(instance.instance());
        return id.isPresent() && id.getAsInt() <= newestKnown && !claimed.contains(instance);
    }

    /** The allocation a PM instance was started for, from the tag module hosts give it ("a12-fw"). */
    private static OptionalInt allocationOf(String instance) {
        Matcher tag = INSTANCE_TAG.matcher(instance);
        return tag.matches() ? OptionalInt.of(Integer.parseInt(tag.group(1))) : OptionalInt.empty();
    }

    /**
     * A host registered, or answers again after it was marked down. It may still run PMs no allocation claims
     * any more (moved off it by failover, or deleted or failed while it could not be reached): they are removed.
     * Its degraded allocations are brought back.
     */
    public void hostReturned(String hostName, CallContext context) {
        queue(new StepTask("remove orphan PMs on " + hostName, () -> removeOrphansOn(hostName)), context);
        queue(new StepTask("restart PMs lost on " + hostName, () -> restartLostOn(hostName)), context);
        hostBack(hostName, context);
    }

    /**
     * A module host that restarted keeps the PMs that survived it (it adopts them) but not those that died while
     * it was away, which nobody reported: active allocations missing PMs there are degraded and healed.
     */
    private void restartLostOn(String hostName) throws SQLException {
        for (Allocation a : book.live()) {
            if (a.state() == AllocationState.ACTIVE && a.placement().containsValue(hostName)) {
                healIfLost(
                        a.id(),
                        hostName,
                        lost -> "PMs %s were not running when module host %s registered again"
                                .formatted(lost, hostName));
            }
        }
    }

    /**
     * Under the allocation's lock: an active allocation that misses PMs on that host is degraded with the reason,
     * and a degraded one is healed. Also catches a PM that died while its allocation was being installed: the
     * task runs after the install (same lock) and finds it active without that PM.
     */
    private void healIfLost(int id, String hostName, java.util.function.Function<List<String>, String> reason)
            throws SQLException {
        synchronized (book.lock(id)) {
            Allocation now = book.get(id).orElse(null);
            if (now != null && now.state() == AllocationState.ACTIVE) {
                List<String> lost =
                        lostOn(now, hostName).stream().map(PlacedPm::instance).toList();
                if (lost.isEmpty()) {
                    return;
                }
                LOG.warn("allocation {}: {}", id, reason.apply(lost));
                book.update(id, x -> x.withState(AllocationState.DEGRADED, reason.apply(lost)));
            }
            if (book.get(id).map(Allocation::state).orElse(AllocationState.DELETED) == AllocationState.DEGRADED) {
                restartOrMove(id, hostName);
            }
        }
    }

    private void removeOrphansOn(String hostName) throws SQLException {
        ModuleHost host = hosts.upHost(hostName).orElse(null);
        if (host == null) {
            return;
        }
        for (String instance :
                moduleHosts.listPms(host).stream().map(HostedPm::instance).toList()) {
            OptionalInt id = allocationOf(instance);
            if (id.isEmpty()) {
                continue;
            }
            synchronized (
                    book.lock(id.getAsInt())) { // the allocation's own tasks may not be starting this PM meanwhile
                Optional<Allocation> owner = book.getIncludingDeleted(id.getAsInt());
                if (owner.isPresent() && isSettledOrphan(owner.get(), new PlacedPm.Key(hostName, instance))) {
                    LOG.info(
                            "removing PM {} on returning host {}: allocation {} is {} and does not use it",
                            instance,
                            hostName,
                            id.getAsInt(),
                            owner.get().state().name().toLowerCase());
                    moduleHosts.deletePm(host, instance);
                    if (owner.get().state() == AllocationState.FAILED) {
                        book.update(
                                id.getAsInt(),
                                x -> x.withInstances(x.instances().stream()
                                        .filter(i -> !i.key().equals(new PlacedPm.Key(hostName, instance)))
                                        .toList()));
                    }
                }
            }
        }
    }

    /**
     * Whether a PM should not run: its allocation is failed or deleted (a failed one keeps on record the PMs it
     * could not stop), or active or degraded without it. Allocations being installed or deleted are left to their task.
     */
    private static boolean isSettledOrphan(Allocation owner, PlacedPm.Key instance) {
        return switch (owner.state()) {
            case FAILED, DELETED -> true;
            case ACTIVE, DEGRADED ->
                owner.instances().stream().noneMatch(i -> i.key().equals(instance));
            default -> false;
        };
    }

    /**
     * Marks the allocations that use these hosts degraded. One still being installed there is not touched (its
     * install task holds it) but is returned too: {@link #degradeIfActiveOnDeadHost} looks at it again once the
     * install is over, so it does not end up active on a dead host that nobody rechecks.
     *
     * @return the live allocations placed on them, which failover may move
     */
    public List<Stranded> hostsDown(List<ModuleHost> down) throws SQLException {
        List<Stranded> affected = new ArrayList<>();
        for (ModuleHost host : down) {
            LOG.warn("module host {} stopped answering", host.name());
            for (Allocation a : book.live()) {
                if (!a.uses(host.name())) {
                    continue;
                }
                if (a.state() == AllocationState.ACTIVE) {
                    book.update(
                            a.id(),
                            x -> x.withState(
                                    AllocationState.DEGRADED,
                                    "module host %s stopped answering".formatted(host.name())));
                }
                if (a.state() == AllocationState.ACTIVE
                        || a.state() == AllocationState.DEGRADED
                        || a.state() == AllocationState.INSTALLING) {
                    affected.add(new Stranded(a.id(), host.name()));
                }
            }
        }
        return affected;
    }

    /**
     * Under the allocation's lock, so after any install in progress: an allocation that became active on a host
     * that has since gone down (the host stopped answering while the install was running) is degraded now, as
     * {@link #hostsDown} would have done had it been active then. Anything else is left as it is.
     */
    public void degradeIfActiveOnDeadHost(Stranded stranded) throws SQLException {
        int id = stranded.allocationId();
        synchronized (book.lock(id)) {
            Allocation a = book.get(id).orElse(null);
            if (a == null
                    || a.state() != AllocationState.ACTIVE
                    || !a.uses(stranded.host())
                    || hosts.upHost(stranded.host()).isPresent()) {
                return;
            }
            String reason = "module host %s stopped answering while the allocation was being installed"
                    .formatted(stranded.host());
            LOG.warn("allocation {}: {}", id, reason);
            book.update(id, x -> x.withState(AllocationState.DEGRADED, reason));
        }
    }

    /**
     * A PM died on its own (killed, out of memory, crashed), as its module host reports at once: a task marks its
     * allocation degraded with the reason, starts the PM again on that host and rewires the switch to its new
     * ports; when the host cannot start it, the allocation is moved to other hosts (with failover on). The task
     * takes the allocation's lock, so the report itself never waits for an install or a heal in progress (the
     * module host reports and heartbeats on one thread).
     *
     * <p>A PM of an install in progress may die before the install has recorded it (between its host's answer
     * and the book's entry): the report is matched by the PM's name tag ({@code a12-fw}) to that install, placed
     * on that host, and the same task heals it once the install is done.
     *
     * @return false when no live allocation owns that PM or is installing it
     */
    public boolean pmFailed(String hostName, String instance, String why, CallContext context) {
        OptionalInt owner = ownerOf(hostName, instance);
        if (owner.isEmpty()) {
            return false;
        }
        int id = owner.getAsInt();
        String reason = "PM %s on %s failed: %s".formatted(instance, hostName, gist(why));
        LOG.warn("allocation {}: {}", id, reason);
        queue(
                new StepTask(
                        "restart PM %s of allocation %d".formatted(instance, id),
                        () -> healIfLost(id, hostName, lost -> reason)),
                context);
        return true;
    }

    /** The live allocation that recorded this PM on this host, or that is installing it there right now. */
    private OptionalInt ownerOf(String hostName, String instance) {
        for (Allocation a : book.live()) {
            if (a.instances().stream()
                    .anyMatch(i -> i.instance().equals(instance) && i.host().equals(hostName))) {
                return OptionalInt.of(a.id());
            }
        }
        OptionalInt tagged = allocationOf(instance);
        if (tagged.isEmpty()) {
            return OptionalInt.empty();
        }
        return book.get(tagged.getAsInt())
                .filter(a -> a.state() == AllocationState.ACCEPTED || a.state() == AllocationState.INSTALLING)
                .filter(a -> a.placement().containsValue(hostName))
                .map(a -> OptionalInt.of(a.id()))
                .orElse(OptionalInt.empty());
    }

    /**
     * The gist of a module host's failure report: its first line (how the process ended) and the line saying the
     * memory cgroup's OOM killer did it, when there is one; the rest is the PM's log tail, kept at the host.
     */
    static String gist(String failure) {
        List<String> lines = failure.lines().toList();
        List<String> gist = new ArrayList<>(lines.stream().limit(1).toList());
        lines.stream().skip(1).filter(l -> l.contains("OOM killer")).findFirst().ifPresent(gist::add);
        return String.join("; ", gist);
    }

    /** Restarts an allocation's lost PMs on their host; when the host cannot start them, moves them elsewhere. */
    private void restartOrMove(int id, String hostName) throws SQLException {
        try {
            restart(id, hostName);
        } catch (GatewayException e) {
            LOG.warn("allocation {}: module host {} cannot restart its PMs: {}", id, hostName, e.getMessage());
            if (failover == null || !failover.moveAway(id, hostName, e.getMessage())) {
                synchronized (book.lock(id)) {
                    book.update(
                            id,
                            x -> x.state() == AllocationState.DEGRADED
                                    ? x.withState(
                                            AllocationState.DEGRADED,
                                            "module host %s cannot restart its PMs: %s"
                                                    .formatted(hostName, e.getMessage()))
                                    : x);
                }
            }
        }
    }

    /**
     * A host answers (it registered or heartbeated): its degraded allocations are brought back, starting
     * again only the PMs it no longer runs. Cheap when nothing is degraded, so every heartbeat may call it.
     */
    public void hostBack(String hostName, CallContext context) {
        for (Allocation a : book.live()) {
            if (a.state() == AllocationState.DEGRADED && a.placement().containsValue(hostName)) {
                queue(new StepTask("recover allocation " + a.id(), () -> restartOrMove(a.id(), hostName)), context);
            }
        }
    }

    /**
     * Brings a degraded allocation back on a host that answers: the PMs it lost there (gone or failed) are
     * deleted and started again, the switch is rewired to their new ports, and the allocation is active.
     */
    private void restart(int id, String hostName) throws SQLException {
        synchronized (book.lock(id)) {
            Allocation a = book.get(id).orElse(null);
            if (a == null || a.state() != AllocationState.DEGRADED) {
                return;
            }
            List<PlacedPm> lost = lostOn(a, hostName);
            if (!lost.isEmpty()) {
                ModuleHost host = hosts.host(hostName).orElseThrow();
                for (PlacedPm i : lost) {
                    try {
                        moduleHosts.deletePm(
                                host, i.instance()); // whatever is left of it (a failed PM's namespace and ports) goes
                    } catch (GatewayException e) {
                        LOG.warn("allocation {}: {}", id, e.getMessage());
                    }
                }
                book.update(
                        id,
                        x -> x.withInstances(x.instances().stream()
                                .filter(i -> !lost.contains(i))
                                .toList()));
            }
            steps.startPms(id); // starts only PMs without an instance, including any an earlier attempt did not get to
            steps.wire(id);
            String restarted = lost.stream().map(PlacedPm::instance).toList().toString();
            String why = a.reason();
            book.update(
                    id,
                    x -> x.withState(
                            AllocationState.ACTIVE,
                            lost.isEmpty()
                                    ? "active"
                                    : "active; restarted PMs %s on %s (degraded: %s)"
                                            .formatted(restarted, hostName, why)));
        }
    }

    private static void queue(org.flowstream.common.task.Task task, CallContext context) {
        context.scheduler().submit(task, null, Priority.HIGH, context);
    }
}
