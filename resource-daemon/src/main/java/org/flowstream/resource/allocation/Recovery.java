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
import org.flowstream.resource.gateway.GatewayException;
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
    public record Stranded(int allocationId, String host) {
    }

    private static final Pattern INSTANCE_TAG = Pattern.compile("a(\\d{1,9})-.*");

    private final AllocationBook book;
    private final AllocationSteps steps;
    private final ServicePlacer placer;
    private final HostRegistry hosts;
    private final ModuleHostGateway moduleHosts;

    public Recovery(AllocationBook book, AllocationSteps steps, ServicePlacer placer, HostRegistry hosts, ModuleHostGateway moduleHosts) {
        this.book = book;
        this.steps = steps;
        this.placer = placer;
        this.hosts = hosts;
        this.moduleHosts = moduleHosts;
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
            }
        }
        for (Allocation a : known) {
            if (a.state() == AllocationState.INSTALLING) {
                rollBack(a.id());
                book.update(a.id(), x -> x.withState(AllocationState.ACCEPTED, "restarting its installation after a daemon restart"));
            }
        }
        int newestKnown = known.stream().mapToInt(Allocation::id).max().orElse(0);
        removeOrphans(newestKnown);
        for (Allocation a : known) {
            switch (book.get(a.id()).map(Allocation::state).orElse(AllocationState.DELETED)) {
                case ACCEPTED -> queue(new InstallTask(a.id(), book, steps), context);
                case ACTIVE, DEGRADED -> reassert(a.id());
                case DELETING -> queue(new DeleteTask(a.id(), book, steps), context);
                default -> { }
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
                for (String hostName : a.instances().stream().map(PmInstance::host).distinct().toList()) {
                    if (hostHasLost(a, hostName)) {
                        book.update(id, x -> x.withState(AllocationState.DEGRADED, "PMs on %s were gone after a restart; starting them again".formatted(hostName)));
                        restart(id, hostName);
                    }
                }
                steps.wire(id);
            } catch (GatewayException e) {
                book.update(id, x -> x.withState(AllocationState.DEGRADED, "could not be re-asserted: " + e.getMessage()));
            }
        }
    }

    private boolean hostHasLost(Allocation a, String hostName) {
        ModuleHost host = hosts.upHost(hostName).orElse(null);
        if (host == null) {
            return false; // a host that is down is handled when it returns
        }
        Set<String> running = new HashSet<>(moduleHosts.listPms(host));
        return a.instances().stream().anyMatch(i -> i.host().equals(hostName) && !running.contains(i.instance()));
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
        Set<PmInstance.Key> claimed = new HashSet<>();
        book.live().forEach(a -> a.instances().forEach(i -> claimed.add(i.key())));
        for (ModuleHost host : hosts.up()) {
            try {
                for (String instance : moduleHosts.listPms(host)) {
                    if (isOrphan(new PmInstance.Key(host.name(), instance), claimed, newestKnown)) {
                        LOG.info("removing orphan PM {} on {}", instance, host.name());
                        moduleHosts.deletePm(host, instance);
                    }
                }
            } catch (GatewayException e) {
                LOG.warn("cannot look for orphan PMs on {}: {}", host.name(), e.getMessage());
            }
        }
    }

    private static boolean isOrphan(PmInstance.Key instance, Set<PmInstance.Key> claimed, int newestKnown) {
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
        hostBack(hostName, context);
    }

    private void removeOrphansOn(String hostName) throws SQLException {
        ModuleHost host = hosts.upHost(hostName).orElse(null);
        if (host == null) {
            return;
        }
        for (String instance : moduleHosts.listPms(host)) {
            OptionalInt id = allocationOf(instance);
            if (id.isEmpty()) {
                continue;
            }
            synchronized (book.lock(id.getAsInt())) { // the allocation's own tasks may not be starting this PM meanwhile
                Optional<Allocation> owner = book.getIncludingDeleted(id.getAsInt());
                if (owner.isPresent() && isSettledOrphan(owner.get(), new PmInstance.Key(hostName, instance))) {
                    LOG.info("removing PM {} on returning host {}: allocation {} is {} and does not use it", instance, hostName, id.getAsInt(),
                            owner.get().state().name().toLowerCase());
                    moduleHosts.deletePm(host, instance);
                    if (owner.get().state() == AllocationState.FAILED) {
                        book.update(id.getAsInt(), x -> x.withInstances(x.instances().stream().filter(i -> !i.key().equals(new PmInstance.Key(hostName, instance))).toList()));
                    }
                }
            }
        }
    }

    /**
     * Whether a PM should not run: its allocation is failed or deleted (a failed one keeps on record the PMs it
     * could not stop), or active or degraded without it. Allocations being installed or deleted are left to their task.
     */
    private static boolean isSettledOrphan(Allocation owner, PmInstance.Key instance) {
        return switch (owner.state()) {
            case FAILED, DELETED -> true;
            case ACTIVE, DEGRADED -> owner.instances().stream().noneMatch(i -> i.key().equals(instance));
            default -> false;
        };
    }

    /**
     * Marks the allocations that use these hosts degraded.
     *
     * @return the live allocations placed on them, which failover may move
     */
    public List<Stranded> hostsDown(List<ModuleHost> down) throws SQLException {
        List<Stranded> affected = new ArrayList<>();
        for (ModuleHost host : down) {
            LOG.warn("module host {} stopped answering", host.name());
            for (Allocation a : book.live()) {
                if (!a.placement().containsValue(host.name())) {
                    continue;
                }
                if (a.state() == AllocationState.ACTIVE) {
                    book.update(a.id(), x -> x.withState(AllocationState.DEGRADED, "module host %s stopped answering".formatted(host.name())));
                }
                if (a.state() == AllocationState.ACTIVE || a.state() == AllocationState.DEGRADED) {
                    affected.add(new Stranded(a.id(), host.name()));
                }
            }
        }
        return affected;
    }

    /**
     * A PM died on its own: its allocation is degraded and the PMs on that host are started again.
     *
     * @return false when no allocation owns that PM
     */
    public boolean pmFailed(String hostName, String instance, String why, CallContext context) throws SQLException {
        for (Allocation a : book.live()) {
            if (a.instances().stream().anyMatch(i -> i.instance().equals(instance) && i.host().equals(hostName))) {
                if (a.state() == AllocationState.ACTIVE) {
                    book.update(a.id(), x -> x.withState(AllocationState.DEGRADED, "PM %s on %s failed: %s".formatted(instance, hostName, why)));
                }
                queue(new StepTask("recover allocation " + a.id(), () -> restart(a.id(), hostName)), context);
                return true;
            }
        }
        return false;
    }

    /**
     * A host answers (it registered or heartbeated): its degraded allocations are brought back, starting
     * again only the PMs it no longer runs. Cheap when nothing is degraded, so every heartbeat may call it.
     */
    public void hostBack(String hostName, CallContext context) {
        for (Allocation a : book.live()) {
            if (a.state() == AllocationState.DEGRADED && a.placement().containsValue(hostName)) {
                queue(new StepTask("recover allocation " + a.id(), () -> restart(a.id(), hostName)), context);
            }
        }
    }

    /** Brings a degraded allocation back on a host that answers again: PMs it lost are started, rules re-installed. */
    private void restart(int id, String hostName) throws SQLException {
        synchronized (book.lock(id)) {
            Allocation a = book.get(id).orElse(null);
            if (a == null || a.state() != AllocationState.DEGRADED) {
                return;
            }
            if (hostHasLost(a, hostName)) {
                ModuleHost host = hosts.host(hostName).orElseThrow();
                a.instances().stream().filter(i -> i.host().equals(hostName)).forEach(i -> {
                    try {
                        moduleHosts.deletePm(host, i.instance()); // whatever survived of them is replaced
                    } catch (GatewayException e) {
                        LOG.warn("allocation {}: {}", id, e.getMessage());
                    }
                });
                book.update(id, x -> x.withInstances(x.instances().stream().filter(i -> !i.host().equals(hostName)).toList()));
            }
            steps.startPms(id); // starts only PMs without an instance, including any an earlier attempt did not get to
            steps.wire(id);
            steps.activate(id);
        }
    }

    private static void queue(org.flowstream.common.task.Task task, CallContext context) {
        context.scheduler().submit(task, null, Priority.HIGH, context);
    }
}
