package org.flowstream.resource.allocation;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.resource.gateway.GatewayException;
import org.flowstream.resource.gateway.ModuleHostGateway;
import org.flowstream.resource.hosts.HostRegistry;
import org.flowstream.resource.hosts.ModuleHost;
import org.flowstream.resource.scaleout.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves an allocation off a module host that went down, instead of leaving it degraded until the host returns:
 * the allocation is placed again on the hosts that are up, PMs that keep their host keep running, the others
 * start on their new host, and the switch is rewired to them. The PMs left on the dead host are only forgotten
 * here: if that host comes back they are orphans, and {@link Recovery} removes them.
 */
public final class Failover {

    private static final Logger LOG = LoggerFactory.getLogger(Failover.class);

    private final AllocationBook book;
    private final AllocationSteps steps;
    private final ServicePlacer placer;
    private final HostRegistry hosts;
    private final ModuleHostGateway moduleHosts;

    public Failover(
            AllocationBook book,
            AllocationSteps steps,
            ServicePlacer placer,
            HostRegistry hosts,
            ModuleHostGateway moduleHosts) {
        this.book = book;
        this.steps = steps;
        this.placer = placer;
        this.hosts = hosts;
        this.moduleHosts = moduleHosts;
    }

    /** Moves allocation {@code id} off {@code deadHost}, unless the host is back or the allocation changed meanwhile. */
    public void moveOff(int id, String deadHost) throws SQLException {
        synchronized (book.lock(id)) {
            Allocation a = book.get(id).orElse(null);
            if (a == null || a.state() != AllocationState.DEGRADED || !a.uses(deadHost) || isUp(deadHost)) {
                return;
            }
            move(
                    a,
                    hosts.up(),
                    "module host %s is down".formatted(deadHost),
                    "moved off module host %s, which went down".formatted(deadHost),
                    "waiting for it to return");
        }
    }

    /**
     * Moves the PMs of a degraded allocation off a host that is up but cannot start them again (a PM died and
     * its host refused the new one: out of memory, a broken base system).
     *
     * @return whether the allocation is active again
     */
    public boolean moveAway(int id, String host, String why) throws SQLException {
        synchronized (book.lock(id)) {
            Allocation a = book.get(id).orElse(null);
            if (a == null || a.state() != AllocationState.DEGRADED || !a.uses(host)) {
                return false;
            }
            List<ModuleHost> others =
                    hosts.up().stream().filter(h -> !h.name().equals(host)).toList();
            return move(
                    a,
                    others,
                    "module host %s cannot restart its PMs (%s)".formatted(host, why),
                    "moved off module host %s, which could not restart its PMs".formatted(host),
                    "still degraded");
        }
    }

    /** Places the allocation again on {@code candidates}, starts what moved, rewires; false when it stays degraded. */
    private boolean move(Allocation a, List<ModuleHost> candidates, String problem, String done, String otherwise)
            throws SQLException {
        int id = a.id();
        Map<String, String> placed = placeAgain(a, candidates, problem, otherwise);
        if (placed == null) {
            return false;
        }
        Optional<GroupState> group = steps.group(id);
        Map<String, String> placement =
                group.isPresent() ? steps.rehomeMembers(a, group.get(), placed, candidates) : placed;
        Optional<GroupState> rehomed = steps.group(id);
        List<PlacedPm> kept = new ArrayList<>();
        for (PlacedPm instance : a.instances()) {
            if (group.isPresent() && group.get().pm().equals(instance.pm())) {
                keepMember(id, instance, rehomed.orElseThrow(), kept);
            } else if (instance.host().equals(placement.get(instance.pm()))) {
                kept.add(instance);
            } else if (isUp(instance.host())) {
                stopQuietly(id, instance); // it moves between two live hosts: one copy only
            }
        }
        book.update(
                id,
                x -> x.withPlacement(placement)
                        .withInstances(kept)
                        .withState(AllocationState.DEGRADED, "%s; starting its PMs on other hosts".formatted(problem)));
        try {
            steps.startPms(id);
            steps.wire(id);
            book.update(id, x -> x.withState(AllocationState.ACTIVE, "active; " + done));
            LOG.info("allocation {} {}: now {}", id, done, placement);
            return true;
        } catch (GatewayException e) {
            book.update(
                    id,
                    x -> x.withState(
                            AllocationState.DEGRADED,
                            "%s and moving its PMs failed: %s".formatted(problem, e.getMessage())));
            return false;
        }
    }

    /**
     * A scaling group's member keeps running where the group still has it (the other members go on serving their
     * units); one the group moved or let go ({@link AllocationSteps#rehomeMembers}) is stopped if its host is up, and
     * started again where the group has it now.
     */
    private void keepMember(int id, PlacedPm instance, GroupState group, List<PlacedPm> kept) {
        boolean stays = group.member(instance.instance())
                .map(m -> m.host().equals(instance.host()))
                .orElse(false);
        if (stays) {
            kept.add(instance);
        } else if (isUp(instance.host())) {
            stopQuietly(id, instance);
        }
    }

    /** A new placement on the candidate hosts, or null (the old one restored) when they cannot take it. */
    private Map<String, String> placeAgain(Allocation a, List<ModuleHost> candidates, String problem, String otherwise)
            throws SQLException {
        NetworkService service = steps.service(a);
        placer.release(a.id());
        try {
            return placer.place(a.id(), service, candidates);
        } catch (RuntimeException e) { // refused, or the engine failed: the allocation keeps the capacity it held
            placer.restore(a.id(), service, a.placement(), hosts.all());
            book.update(
                    a.id(),
                    x -> x.withState(
                            AllocationState.DEGRADED,
                            "%s and the other hosts that are up cannot take its PMs (%s); %s"
                                    .formatted(problem, e.getMessage(), otherwise)));
            return null;
        }
    }

    private boolean isUp(String hostName) {
        return hosts.upHost(hostName).isPresent();
    }

    private void stopQuietly(int id, PlacedPm instance) {
        try {
            moduleHosts.deletePm(hosts.host(instance.host()).orElseThrow(), instance.instance());
        } catch (GatewayException e) {
            LOG.warn(
                    "allocation {}: cannot stop PM {} on {} (removed as an orphan later): {}",
                    id,
                    instance.instance(),
                    instance.host(),
                    e.getMessage());
        }
    }
}
