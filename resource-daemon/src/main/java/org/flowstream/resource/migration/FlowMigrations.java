package org.flowstream.resource.migration;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Priority;
import org.flowstream.common.task.Task;
import org.flowstream.common.task.TaskContext;
import org.flowstream.contracts.move.PhasedMove;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.model.ProcessingModule;
import org.flowstream.resource.ResourceSettings;
import org.flowstream.resource.allocation.Allocation;
import org.flowstream.resource.allocation.AllocationBook;
import org.flowstream.resource.allocation.AllocationState;
import org.flowstream.resource.allocation.AllocationSteps;
import org.flowstream.resource.allocation.ServicePlacer;
import org.flowstream.resource.gateway.GatewayException;
import org.flowstream.resource.gateway.ModuleHostGateway;
import org.flowstream.resource.gateway.SwitchGateway;
import org.flowstream.resource.hosts.HostRegistry;
import org.flowstream.resource.hosts.ModuleHost;
import org.flowstream.resource.scaleout.GroupLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * migrate_flows(alloc_id, pm, to_host, filter): moves a running PM of an active allocation to another module host
 * without losing, duplicating or reordering a packet of its flows, and with their state. A high-priority task
 * runs five steps and shows each in the allocation's reason (get_allocation) while the allocation stays active:
 *
 * <ol>
 *   <li>start a new instance of the PM on {@code to_host} (same type, configuration and limits);
 *   <li>freeze the flows at both instances;
 *   <li>copy their state (pm_flows export at the old host, import at the new one);
 *   <li>rewire the switch to the new instance (create_connections with the allocation's wiring through it);
 *   <li>hand the old instance's held packets over to the new one, record the new instance and placement, and stop
 *       the old instance.
 * </ol>
 *
 * A failure in steps 1-4 (the new PM or its host dies, an import is refused, the switch refuses) aborts: the switch
 * is set back, the new instance is stopped, the old one releases what it held and serves on with its full state,
 * and the allocation's reason says why the move failed. The task's result (get_task_result) carries the counts.
 */
public final class FlowMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(FlowMigrations.class);

    /** A total copy's steps as the allocation's reason names them: "step 3 of 5 (copy state)". */
    public static final List<String> STEPS =
            List.of("start PM", "freeze", "copy state", "rewire the switch", "hand over");

    /** A phased move's steps: "step 2 of 5 (idle phase: ...)"; copy state repeats once per batch. */
    public static final List<String> PHASED_STEPS =
            List.of("start PM", "idle phase", "copy state", "rewire the switch", "hand over");

    /**
     * What listeners are told, as if it were a step, when a phased batch has been taken from the old instance and
     * not yet delivered to the new one (a test fails a move there, in the middle of a batch).
     */
    public static final String BATCH_IN_HAND = "batch in hand";

    /** Told of each step as it starts (the reason shows it too); tests use it to fail a move at a given step. */
    @FunctionalInterface
    public interface StepListener {
        void beforeStep(int allocId, String step);
    }

    private final AllocationBook book;
    private final AllocationSteps steps;
    private final ServicePlacer placer;
    private final HostRegistry hosts;
    private final ModuleHostGateway moduleHosts;
    private final SwitchGateway switchGateway;
    private final ResourceSettings settings;
    private final MoveJournal journal;
    private final DaisyRules daisyRules;
    private final JournaledMove move;
    private final List<StepListener> listeners = new CopyOnWriteArrayList<>();

    public FlowMigrations(
            AllocationBook book,
            AllocationSteps steps,
            ServicePlacer placer,
            HostRegistry hosts,
            ModuleHostGateway moduleHosts,
            SwitchGateway switchGateway,
            ResourceSettings settings,
            MoveJournal journal) {
        this.book = book;
        this.steps = steps;
        this.placer = placer;
        this.hosts = hosts;
        this.moduleHosts = moduleHosts;
        this.switchGateway = switchGateway;
        this.settings = settings;
        this.journal = journal;
        this.daisyRules = new DaisyRules(switchGateway, settings);
        this.move = new JournaledMove(journal, daisyRules, settings);
    }

    public void addListener(StepListener listener) {
        listeners.add(listener);
    }

    public void removeListener(StepListener listener) {
        listeners.remove(listener);
    }

    /**
     * Checks the request for the caller (tenants: their own allocations only) and queues the move; answers
     * CODE_NOT_READY with the task id, or CODE_FAILURE saying what is wrong, with nothing changed.
     */
    public ReturnValue start(MigrationRequest request, CallContext context) {
        Allocation a = book.get(request.allocId())
                .filter(x -> context.caller().seesEveryTenant()
                        || x.tenant().equals(context.caller().name()))
                .orElse(null);
        if (a == null) {
            return ReturnValue.failure(
                    "no such allocation: %d; list_allocations shows yours".formatted(request.allocId()));
        }
        String refusal = refusal(a, request);
        if (refusal != null) {
            return ReturnValue.failure(refusal);
        }
        ReturnValue queued = context.scheduler().submit(new MigrationTask(request), null, Priority.HIGH, context);
        if (queued.isFailure()) {
            return queued;
        }
        return ReturnValue.notReady(
                "moving PM %s of allocation %d to %s: get_allocation(%d) shows the steps, get_task_result(%s) the result"
                        .formatted(request.pm(), a.id(), request.toHost(), a.id(), queued.value()),
                queued.value());
    }

    /** Why the move cannot start, in words, or null. */
    private String refusal(Allocation a, MigrationRequest request) {
        if (a.state() != AllocationState.ACTIVE) {
            return "allocation %d is %s; only an active allocation's PMs can move"
                    .formatted(a.id(), a.state().name().toLowerCase());
        }
        String from = a.placement().get(request.pm());
        if (from == null) {
            return "allocation %d has no PM named '%s'; its PMs: %s"
                    .formatted(
                            a.id(),
                            request.pm(),
                            String.join(
                                    ", ", new java.util.TreeSet<>(a.placement().keySet())));
        }
        if (hosts.upHost(request.toHost()).isEmpty()) {
            return "module host '%s' is not up; hosts up: %s"
                    .formatted(
                            request.toHost(),
                            String.join(
                                    ", ",
                                    hosts.up().stream().map(ModuleHost::name).toList()));
        }
        if (from.equals(request.toHost())) {
            return "PM %s of allocation %d already runs on %s".formatted(request.pm(), a.id(), from);
        }
        String mode = request.modeOr(settings.migrationMode);
        if (!mode.equals(MigrationRequest.TOTAL_COPY) && !mode.equals(MigrationRequest.PHASED)) {
            return "settings.migrationMode '%s' is neither total_copy nor phased; give the mode in the request"
                    .formatted(mode);
        }
        if (!request.filter().isEmpty()) {
            return "filter '%s': moving only some of a PM's flows needs the PM to run as a group of instances behind "
                            .formatted(request.filter())
                    + "the load balancer, which the platform cannot do yet; give an empty filter to move the PM with all its flows";
        }
        return null;
    }

    /** The task: one move, under the allocation's lock (no install, delete or recovery of it meanwhile). */
    private final class MigrationTask extends Task {

        private final MigrationRequest request;

        MigrationTask(MigrationRequest request) {
            this.request = request;
        }

        @Override
        public String displayName() {
            return "migrate_flows %d %s to %s".formatted(request.allocId(), request.pm(), request.toHost());
        }

        @Override
        public ReturnValue runTask(Object param, TaskContext context) throws Exception {
            synchronized (book.lock(request.allocId())) {
                Allocation a = book.get(request.allocId()).orElse(null);
                String refusal = a == null ? "allocation %d is gone".formatted(request.allocId()) : refusal(a, request);
                if (refusal != null) {
                    return ReturnValue.failure("nothing moved: " + refusal);
                }
                return migrate(a, request);
            }
        }
    }

    private ReturnValue migrate(Allocation a, MigrationRequest request) throws SQLException {
        long start = System.nanoTime();
        int id = a.id();
        PlacedPm old = a.instances().stream()
                .filter(i -> i.pm().equals(request.pm()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "PM %s of allocation %d is placed but was never started".formatted(request.pm(), id)));
        ModuleHost fromHost = hosts.host(old.host()).orElseThrow();
        ModuleHost toHost = hosts.upHost(request.toHost()).orElseThrow();
        String what = "moving PM %s from %s to %s".formatted(request.pm(), old.host(), toHost.name());

        boolean phased = request.modeOr(settings.migrationMode).equals(MigrationRequest.PHASED);
        List<String> steps = phased ? PHASED_STEPS : STEPS;
        step(id, what, steps, "start PM", "on " + toHost.name());
        PlacedPm fresh;
        try {
            fresh = startLike(a, old, toHost);
        } catch (GatewayException e) {
            return aborted(id, what, e.getMessage());
        }
        long started = System.nanoTime();
        SwitchCutover cutover = cutover(a, old, fresh);
        PmFlowsChannel from = new PmFlowsChannel(moduleHosts, fromHost, old.instance());
        PmFlowsChannel to = new PmFlowsChannel(moduleHosts, toHost, fresh.instance());
        List<CrossHostMove.Moved> moved;
        try {
            List<String> elements = from.statefulElements();
            // Asked before anything freezes: the new PM's first control request is its slowest (it loads its JSON
            // reader then), and both must hold the same stateful elements for their state to move.
            List<String> atNew = to.statefulElements();
            if (!atNew.equals(elements)) {
                throw new GatewayException(
                        "the new instance has the stateful elements %s, the old one %s".formatted(atNew, elements));
            }
            moved = move.run(
                    id,
                    old,
                    fresh,
                    from,
                    to,
                    elements,
                    request.filter(),
                    phased,
                    cutover,
                    new JournaledMove.Progress() {
                        @Override
                        public void step(String s, String detail) {
                            FlowMigrations.this.step(id, what, steps, s, detail);
                        }

                        @Override
                        public void batchInHand() {
                            listeners.forEach(l -> l.beforeStep(id, BATCH_IN_HAND));
                        }
                    });
        } catch (JournaledMove.FailedException e) {
            if (e.handOverBegun()) {
                return failedAfterHandOver(a, old, fresh, what, e.getMessage());
            }
            stopQuietly(toHost, fresh.instance());
            journal.remove(id);
            return aborted(id, what, e.getMessage());
        } catch (RuntimeException e) { // before anything was journaled or frozen
            stopQuietly(toHost, fresh.instance());
            return aborted(id, what, e.getMessage());
        }
        record(a, old, fresh);
        journal.remove(id);
        stopQuietly(fromHost, old.instance());
        long end = System.nanoTime();
        MigrationResult result = new MigrationResult(
                id,
                request.pm(),
                old.host(),
                toHost.name(),
                fresh.instance(),
                phased ? MigrationRequest.PHASED : MigrationRequest.TOTAL_COPY,
                moved,
                (started - start) / 1_000_000,
                (end - start) / 1_000_000);
        int states = moved.stream().mapToInt(CrossHostMove.Moved::states).sum();
        String done = "moved PM %s from %s to %s with %d flow states"
                .formatted(request.pm(), old.host(), toHost.name(), states);
        book.update(id, x -> x.withState(AllocationState.ACTIVE, "active; " + done));
        LOG.info("allocation {}: {}", id, result);
        return ReturnValue.success("allocation %d: %s".formatted(id, done), Structs.toStruct(result));
    }

    /** The switch's part: the allocation's wiring through the new instance, or back through the old one. */
    private SwitchCutover cutover(Allocation a, PlacedPm old, PlacedPm fresh) {
        return SwitchCutover.between(
                switchGateway,
                settings,
                steps.wiring(a),
                steps.wiring(a.withInstances(replace(a.instances(), old, fresh))));
    }

    /**
     * Finishes or undoes the moves a previous run of the daemon left in flight (run at start, before the allocations
     * are re-asserted). Before the hand-over the old instance still holds the flows' state: it is unfrozen and the
     * new instance stopped. Once the hand-over had begun the state is at the new instance, which the switch already
     * serves: it is recorded in the old one's place, unfrozen, and the old instance stopped (packets the old one had
     * handed over but the new one had not yet processed are lost with the crash). The switch follows the book when
     * the allocation is re-asserted.
     */
    public void recoverInterrupted() throws SQLException {
        List<MoveJournal.Entry> unfinished;
        try {
            unfinished = journal.unfinished();
        } catch (RuntimeException e) { // the allocations' own recovery must run all the same
            LOG.error("cannot read the moves in flight; none is settled: {}", e.getMessage());
            return;
        }
        for (MoveJournal.Entry move : unfinished) {
            Allocation a = book.get(move.allocId()).orElse(null);
            if (a != null
                    && a.instances().contains(move.from())
                    && a.instances().contains(move.to())) {
                settleUnitMove(a, move); // both are members of the allocation's scaling group
                continue;
            }
            if (a == null || !a.instances().contains(move.from())) { // deleted meanwhile, or already recorded
                stopUnclaimed(a, move.to());
                journal.remove(move.allocId());
                continue;
            }
            PlacedPm keep = move.handingOver() ? move.to() : move.from();
            PlacedPm drop = move.handingOver() ? move.from() : move.to();
            if (move.handingOver()) {
                Map<String, String> placement = new HashMap<>(a.placement());
                placement.put(move.from().pm(), move.to().host());
                book.update(
                        a.id(),
                        x -> x.withInstances(replace(x.instances(), move.from(), move.to()))
                                .withPlacement(placement));
            }
            if (move.phased()) {
                settlePhased(move, move.handingOver());
            }
            hosts.host(keep.host()).ifPresent(host -> {
                PmFlowsChannel channel = new PmFlowsChannel(moduleHosts, host, keep.instance());
                for (String element : move.elements()) {
                    try {
                        channel.call("release", element, move.filter(), Map.of("packets", List.of()));
                    } catch (GatewayException e) {
                        LOG.warn(
                                "allocation {}: cannot unfreeze {} after a restart: {}",
                                a.id(),
                                channel,
                                e.getMessage());
                    }
                }
            });
            hosts.host(drop.host()).ifPresent(host -> stopQuietly(host, drop.instance()));
            String outcome = "a move of PM %s from %s to %s was interrupted by a restart of the resource daemon; %s"
                    .formatted(
                            move.from().pm(),
                            move.from().host(),
                            move.to().host(),
                            move.handingOver()
                                    ? "finished it, the PM serves on "
                                            + move.to().host() + " (packets in the hand-over are lost)"
                                    : "undid it, the PM serves on "
                                            + move.from().host());
            // The reason still named the move's step (or its pause): say how it ended instead, then forget the move.
            book.update(a.id(), x -> x.withState(x.state(), x.state().name().toLowerCase() + "; " + outcome));
            journal.remove(a.id());
            LOG.warn("allocation {}: {}", a.id(), outcome);
        }
    }

    /**
     * The phased part of settling a move a restart interrupted. Before the hand-over, the new instance holds the
     * batches copied so far and the flows it started in the idle phase, and the journal the batch the move had in
     * hand: all of it goes back to the old instance the algorithm's way ({@link PhasedMove#giveBack}), which ends
     * the old one's daisy chain. After it, the new instance stops accepting daisy-chained packets and ends its
     * reservation. Either way the move's daisy paths leave the switch.
     *
     * @param newKeeps the new instance keeps the flows (the hand-over had begun)
     */
    private void settlePhased(MoveJournal.Entry move, boolean newKeeps) {
        Optional<ModuleHost> fromHost = hosts.host(move.from().host());
        Optional<ModuleHost> toHost = hosts.host(move.to().host());
        for (String element : move.elements()) {
            if (!newKeeps && fromHost.isPresent() && toHost.isPresent()) {
                PhasedMove.giveBack(
                        new PmFlowsChannel(
                                        moduleHosts, fromHost.get(), move.from().instance())
                                .instance(element),
                        new PmFlowsChannel(moduleHosts, toHost.get(), move.to().instance()).instance(element),
                        move.filter(),
                        element.equals(move.inHandElement()) ? move.inHand() : List.of(),
                        settings.migrationQuietMillis,
                        CrossHostMove.logOnly());
            } else if (newKeeps && toHost.isPresent()) {
                PmFlowsChannel channel =
                        new PmFlowsChannel(moduleHosts, toHost.get(), move.to().instance());
                for (String op : List.of("end_daisy", "reserve")) {
                    try {
                        channel.call(
                                op,
                                element,
                                move.filter(),
                                op.equals("reserve") ? Map.of("states", List.of()) : Map.of());
                    } catch (GatewayException e) {
                        LOG.warn(
                                "allocation {}: {} at {} after a restart: {}",
                                move.allocId(),
                                op,
                                channel,
                                e.getMessage());
                    }
                }
            }
        }
        daisyRules.remove(move.allocId());
    }

    /**
     * A scaling group's unit move (GroupScaler) that a restart interrupted: both members run on. The group's store
     * says which one the switch sends the unit to (it follows the unit when the hand-over begins), and that one keeps
     * the unit's state; the other forgets what it imported (if it is the new one) and both are unfrozen. A phased
     * unit move is settled the phased way first (the new member gives back what it holds, the daisy paths go).
     */
    private void settleUnitMove(Allocation a, MoveJournal.Entry move) throws SQLException {
        String unit = GroupLayout.unitOfFilter(steps.service(a), move.filter());
        boolean toServes = steps.group(a.id())
                .flatMap(g -> g.ownerOf(unit))
                .map(owner -> owner.instance().equals(move.to().instance()))
                .orElse(false);
        PlacedPm keep = toServes ? move.to() : move.from();
        PlacedPm drop = toServes ? move.from() : move.to();
        if (move.phased()) {
            settlePhased(move, toServes);
        }
        for (String element : move.elements()) {
            if (!toServes) {
                callQuietly(a, drop, "delete", element, move.filter());
            }
            callQuietly(a, drop, "release", element, move.filter());
            callQuietly(a, keep, "release", element, move.filter());
        }
        String outcome = ("a move of unit %s of %s from %s to %s was interrupted by a restart of the resource daemon; "
                        + "%s serves it on (packets in a hand-over are lost)")
                .formatted(
                        unit,
                        move.from().pm(),
                        move.from().instance(),
                        move.to().instance(),
                        keep.instance());
        book.update(a.id(), x -> x.withState(x.state(), x.state().name().toLowerCase() + "; " + outcome));
        journal.remove(a.id());
        LOG.warn("allocation {}: {}", a.id(), outcome);
    }

    private void callQuietly(Allocation a, PlacedPm instance, String op, String element, String filter) {
        hosts.host(instance.host()).ifPresent(host -> {
            try {
                new PmFlowsChannel(moduleHosts, host, instance.instance())
                        .call(op, element, filter, op.equals("release") ? Map.of("packets", List.of()) : Map.of());
            } catch (GatewayException e) {
                LOG.warn(
                        "allocation {}: {} of {} after a restart failed: {}",
                        a.id(),
                        op,
                        instance.instance(),
                        e.getMessage());
            }
        });
    }

    private void stopUnclaimed(Allocation a, PlacedPm instance) {
        if (a == null || !a.instances().contains(instance)) {
            hosts.host(instance.host()).ifPresent(host -> stopQuietly(host, instance.instance()));
        }
    }

    /** A new instance of {@code old}'s PM on {@code host}: the request's type, configuration and limits. */
    private PlacedPm startLike(Allocation a, PlacedPm old, ModuleHost host) {
        NetworkService service = steps.service(a);
        ProcessingModule pm = service.modules().stream()
                .filter(m -> m.name().equals(old.pm()))
                .findFirst()
                .orElseThrow();
        return steps.startPm(a.id(), service, pm, host);
    }

    /** The new instance and placement in the book, and the placer's load moved with them. */
    private void record(Allocation a, PlacedPm old, PlacedPm fresh) throws SQLException {
        Map<String, String> placement = new HashMap<>(a.placement());
        placement.put(old.pm(), fresh.host());
        book.update(
                a.id(), x -> x.withInstances(replace(x.instances(), old, fresh)).withPlacement(placement));
        placer.release(a.id());
        placer.restore(a.id(), steps.service(a), placement, hosts.all());
    }

    private static List<PlacedPm> replace(List<PlacedPm> instances, PlacedPm old, PlacedPm fresh) {
        return instances.stream().map(i -> i.equals(old) ? fresh : i).toList();
    }

    private void step(int id, String what, List<String> steps, String name, String detail) {
        int number = steps.indexOf(name) + 1;
        listeners.forEach(l -> l.beforeStep(id, name));
        String words = detail.isEmpty() ? name : name + ": " + detail;
        try {
            book.update(
                    id,
                    x -> x.withState(
                            AllocationState.ACTIVE,
                            "active; %s: step %d of %d (%s)".formatted(what, number, steps.size(), words)));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the move's progress: " + e.getMessage(), e);
        }
    }

    private ReturnValue aborted(int id, String what, String why) throws SQLException {
        String reason = "%s aborted, the PM serves on where it was: %s".formatted(what, why);
        LOG.warn("allocation {}: {}", id, reason);
        book.update(id, x -> x.withState(AllocationState.ACTIVE, "active; " + reason));
        return ReturnValue.failure(reason, id);
    }

    /**
     * The new instance (or its host) failed after the old one handed its flows over: the switch already sends them
     * to the new instance, so it is recorded there and the allocation is degraded; healing restarts the PM (at the
     * host's next heartbeat, or its pm_failed report), and the moved flows start over without their state.
     */
    private ReturnValue failedAfterHandOver(Allocation a, PlacedPm old, PlacedPm fresh, String what, String why)
            throws SQLException {
        record(a, old, fresh);
        journal.remove(a.id());
        stopQuietly(hosts.host(old.host()).orElseThrow(), old.instance());
        String reason = "%s failed after the hand-over, the moved flows' state is lost: %s".formatted(what, why);
        LOG.error("allocation {}: {}", a.id(), reason);
        book.update(a.id(), x -> x.withState(AllocationState.DEGRADED, reason));
        return ReturnValue.failure(reason, a.id());
    }

    private void stopQuietly(ModuleHost host, String instance) {
        try {
            moduleHosts.deletePm(host, instance);
        } catch (GatewayException e) {
            LOG.warn("cannot stop PM {} on {} (removed as an orphan later): {}", instance, host.name(), e.getMessage());
        }
    }
}
