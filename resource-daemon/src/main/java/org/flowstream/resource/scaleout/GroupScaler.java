package org.flowstream.resource.scaleout;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Priority;
import org.flowstream.common.task.Task;
import org.flowstream.common.task.TaskContext;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.monitoring.PlatformSummary;
import org.flowstream.contracts.records.openflow.FlowStats;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.model.ProcessingModule;
import org.flowstream.lang.model.ScalingGroup;
import org.flowstream.resource.ResourceSettings;
import org.flowstream.resource.allocation.Allocation;
import org.flowstream.resource.allocation.AllocationBook;
import org.flowstream.resource.allocation.AllocationState;
import org.flowstream.resource.allocation.AllocationSteps;
import org.flowstream.resource.gateway.GatewayException;
import org.flowstream.resource.gateway.ModuleHostGateway;
import org.flowstream.resource.gateway.SwitchGateway;
import org.flowstream.resource.hosts.HostRegistry;
import org.flowstream.resource.hosts.ModuleHost;
import org.flowstream.resource.migration.CrossHostMove;
import org.flowstream.resource.migration.DaisyRules;
import org.flowstream.resource.migration.JournaledMove;
import org.flowstream.resource.migration.MigrationRequest;
import org.flowstream.resource.migration.MoveJournal;
import org.flowstream.resource.migration.PmFlowsChannel;
import org.flowstream.resource.migration.SwitchCutover;
import org.flowstream.resource.tenants.QuotaCheck;
import org.flowstream.resource.tenants.Quotas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a scaling group's changes on the platform (docs/migration.md, "Scale-out"): a scale-out starts a new
 * member and moves some of the busiest member's units to it; a scale-in moves a member's units to the others and
 * stops it; which units go where is {@link UnitChoice}'s, by the units' loads {@link #react} measures; a unit's
 * move is the platform's move ({@link JournaledMove}: in phases unless settings.migrationMode says total_copy)
 * with the unit's filter ({@link GroupUnit#filter()}), its cutover one create_connections with the allocation's
 * wiring where the unit has its new owner. Each change is a task under the allocation's lock, one at a time per
 * allocation, shown in the allocation's reason; the allocation stays active. A unit whose move fails stays where
 * it was, with its state (the old member serves on); a new member left with no unit is stopped.
 *
 * <p>What starts a change: the monitoring daemon's report ({@link #react}, through {@link ScalePolicy}), an
 * operator's scale_group, or migrate_flows with a filter naming a unit ({@link #moveUnit}).
 */
public final class GroupScaler {

    private static final Logger LOG = LoggerFactory.getLogger(GroupScaler.class);

    /**
     * Told before each step of a unit's move: a phased move's "idle phase", "copy state" (once per batch), "rewire
     * the switch", "hand over"; a total copy's "freeze", "copy state", "rewire the switch", "hand over".
     */
    @FunctionalInterface
    public interface StepListener {
        void beforeStep(int allocId, String unit, String step);
    }

    private final AllocationBook book;
    private final AllocationSteps steps;
    private final HostRegistry hosts;
    private final ModuleHostGateway moduleHosts;
    private final SwitchGateway switchGateway;
    private final ResourceSettings settings;
    /** Unit moves in flight, so that a restarted daemon settles them (FlowMigrations.recoverInterrupted). */
    private final MoveJournal journal;
    /** A unit's move: the platform's move (phased unless settings.migrationMode says total_copy), journaled. */
    private final JournaledMove move;
    /** A new member counts against its tenant's quota like the allocation's other PMs. */
    private final Quotas quotas;
    /** Allocations with a change queued or running: one at a time each. */
    private final Set<Integer> changing = ConcurrentHashMap.newKeySet();

    private final List<StepListener> listeners = new CopyOnWriteArrayList<>();
    /** The unit moves of each allocation's change so far (its task's answer shows them). */
    private final Map<Integer, List<Object>> moves = new ConcurrentHashMap<>();

    public GroupScaler(
            AllocationBook book,
            AllocationSteps steps,
            HostRegistry hosts,
            ModuleHostGateway moduleHosts,
            SwitchGateway switchGateway,
            ResourceSettings settings,
            MoveJournal journal,
            Quotas quotas) {
        this.journal = journal;
        this.move = new JournaledMove(journal, new DaisyRules(switchGateway, settings), settings);
        this.quotas = quotas;
        this.book = book;
        this.steps = steps;
        this.hosts = hosts;
        this.moduleHosts = moduleHosts;
        this.switchGateway = switchGateway;
        this.settings = settings;
    }

    public void addListener(StepListener listener) {
        listeners.add(listener);
    }

    public void removeListener(StepListener listener) {
        listeners.remove(listener);
    }

    // ---- what starts a change ----

    /**
     * The monitoring daemon's latest summary: each active group's units are measured ({@link UnitRates}), its member
     * loads go to {@link ScalePolicy}, and a decision other than "hold" is queued as a change (unless one is queued
     * or running for that allocation).
     */
    public void react(PlatformSummary summary, CallContext context) {
        steps.unitRates()
                .retainOnly(book.live().stream().map(Allocation::id).collect(java.util.stream.Collectors.toSet()));
        for (Allocation a : book.live()) {
            if (a.state() != AllocationState.ACTIVE) {
                continue;
            }
            try {
                Optional<GroupState> group = steps.group(a);
                if (group.isPresent()) {
                    measureUnits(a); // during a change too: its moves rewrite rules, which starts new periods
                    if (!changing.contains(a.id())) {
                        decide(a, group.get(), summary, context);
                    }
                }
            } catch (RuntimeException e) { // one group's trouble must not fail the report or hold up the others
                LOG.warn("allocation {}: cannot decide on its scaling group: {}", a.id(), e.getMessage());
            }
        }
    }

    /**
     * Each unit's load from its rules' counters on the switch (the openflow daemon's get_flow_stats of the
     * allocation); when the openflow daemon does not answer, the units keep the rates they had.
     */
    private void measureUnits(Allocation a) {
        try {
            ReturnValue answer = switchGateway.relay("get_flow_stats", a.id());
            if (answer.isFailure()) {
                LOG.debug("allocation {}: no unit loads this round: {}", a.id(), answer.message());
                return;
            }
            NetworkService service = steps.service(a);
            steps.unitRates()
                    .record(
                            a.id(),
                            GroupLayout.units(
                                    service, GroupLayout.groupOf(service).orElseThrow()),
                            Structs.fromStruct(answer.value(), FlowStats.class));
        } catch (RuntimeException e) { // the decision goes on with the rates the units had
            LOG.warn("allocation {}: cannot measure its units' loads: {}", a.id(), e.getMessage());
        }
    }

    private void decide(Allocation a, GroupState group, PlatformSummary summary, CallContext context) {
        NetworkService service = steps.service(a);
        ScalingGroup annotation = GroupLayout.groupOf(service).orElseThrow();
        List<PlacedPm> members =
                a.instances().stream().filter(i -> i.pm().equals(group.pm())).toList();
        GroupLoads.Measured measured = GroupLoads.measure(
                summary, members, GroupLayout.groupedPm(service, annotation).cpuCores());
        ScaleDecision decision = ScalePolicy.decide(
                annotation,
                measured.loads(),
                measured.unmeasured(),
                Instant.ofEpochMilli(group.lastChangeMillis()),
                Instant.now());
        int id = a.id();
        switch (decision) {
            case ScaleDecision.ScaleOut out ->
                queue(
                        id,
                        "scale out " + group.pm(),
                        () -> scaleOut(id, out.busiest().instance(), out.reason()),
                        context);
            case ScaleDecision.ScaleIn in ->
                queue(id, "scale in " + group.pm(), () -> scaleIn(id, in.drain().instance(), in.reason()), context);
            case ScaleDecision.Hold hold -> LOG.debug("allocation {}: {}", id, hold.reason());
        }
    }

    /**
     * scale_group(alloc_id, "out" | "in"): an operator's change, whatever the load says (the bounds still hold):
     * out takes units ({@link UnitChoice}) of the member with the most, in drains the member with the fewest.
     */
    public ReturnValue force(int id, String direction, CallContext context) {
        Allocation a = book.get(id).orElse(null);
        GroupState group = a == null ? null : steps.group(id).orElse(null);
        if (group == null) {
            return ReturnValue.failure(
                    a == null
                            ? "no such allocation: %d; list_allocations shows them".formatted(id)
                            : "allocation %d has no scaling group (a GROUP= line in its request)".formatted(id));
        }
        if (a.state() != AllocationState.ACTIVE) {
            return ReturnValue.failure("allocation %d is %s; only an active allocation's group can change"
                    .formatted(id, a.state().name().toLowerCase()));
        }
        String why = "forced by an operator";
        ScalingGroup annotation = GroupLayout.groupOf(steps.service(a)).orElseThrow();
        String refusal = switch (direction) {
            case "out" -> {
                String bounds = outRefusal(group, annotation, null);
                yield bounds != null ? bounds : quotaRefusal(a, GroupLayout.groupedPm(steps.service(a), annotation));
            }
            case "in" -> inRefusal(group, annotation);
            default -> null;
        };
        if (refusal != null) {
            return ReturnValue.failure(refusal);
        }
        return switch (direction) {
            case "out" -> queue(id, "scale out " + group.pm(), () -> scaleOut(id, null, why), context);
            case "in" -> queue(id, "scale in " + group.pm(), () -> scaleIn(id, null, why), context);
            default ->
                ReturnValue.failure("direction '%s': give \"out\" (one more member) or \"in\" (one member fewer)"
                        .formatted(direction));
        };
    }

    /** Whether migrate_flows on this allocation is a group's unit move (the allocation runs a scaling group). */
    public boolean runsGroup(int id) {
        return steps.group(id).isPresent();
    }

    /**
     * migrate_flows on a group: the filter "inside P" names one of its units, {@code to_host} the host of the member
     * that is to serve it; refused in words otherwise (a group's PM does not move as a whole: its members do not).
     */
    public ReturnValue moveUnitTo(MigrationRequest request, CallContext context) {
        int id = request.allocId();
        Allocation a = book.get(id)
                .filter(x -> context.caller().seesEveryTenant()
                        || x.tenant().equals(context.caller().name()))
                .orElse(null);
        GroupState group = a == null ? null : steps.group(id).orElse(null);
        if (group == null) {
            return ReturnValue.failure("no such allocation: %d; list_allocations shows yours".formatted(id));
        }
        if (a.state() != AllocationState.ACTIVE) {
            return ReturnValue.failure("allocation %d is %s; only an active allocation's flows can move"
                    .formatted(id, a.state().name().toLowerCase()));
        }
        if (!group.pm().equals(request.pm())) {
            return ReturnValue.failure("allocation %d runs %s as a group; only its units move (give pm '%s')"
                    .formatted(id, group.pm(), group.pm()));
        }
        String filter = request.filter().strip();
        String unit = filter.startsWith("inside ") ? filter.substring(7).strip() : "";
        GroupState.Member owner = group.ownerOf(unit).orElse(null);
        if (owner == null) {
            return ReturnValue.failure(("filter '%s': %s runs as a group of %d member(s), and its flows move by unit: "
                            + "give \"inside P\" with P one of %s")
                    .formatted(filter, group.pm(), group.members().size(), String.join(", ", allUnits(group))));
        }
        GroupState.Member target = group.members().stream()
                .filter(m -> m.host().equals(request.toHost()) && !m.equals(owner))
                .findFirst()
                .orElse(null);
        if (target == null) {
            return ReturnValue.failure("no other member of group %s runs on '%s' (unit %s is %s's); its members: %s"
                    .formatted(group.pm(), request.toHost(), unit, owner.instance(), members(group)));
        }
        return queue(
                id,
                "move unit %s to %s".formatted(unit, target.instance()),
                () -> {
                    String failure = moveUnit(id, unit, owner.instance(), target.instance());
                    return failure == null
                            ? settled(
                                    id,
                                    "moved unit %s of %s from %s to %s"
                                            .formatted(unit, group.pm(), owner.instance(), target.instance()),
                                    true)
                            : settled(id, failure, false);
                },
                context);
    }

    // ---- the changes ----

    /** One more member, taking {@link UnitChoice}'s units of {@code fromInstance} (null: the member with the most). */
    ReturnValue scaleOut(int id, String fromInstance, String why) throws SQLException {
        Allocation a = book.get(id).orElseThrow();
        GroupState group = steps.group(id).orElseThrow();
        NetworkService service = steps.service(a);
        ScalingGroup annotation = GroupLayout.groupOf(service).orElseThrow();
        String refusal = outRefusal(group, annotation, fromInstance);
        if (refusal != null) {
            return settled(id, refusal, false);
        }
        GroupState.Member from = busiest(group, fromInstance);
        UnitChoice.Pick pick =
                UnitChoice.toMoveOut(from.units(), steps.unitRates().packetsPerSecond(id));
        String name =
                group.freeInstanceName(ModuleHostGateway.instanceName(AllocationSteps.instanceTag(id), group.pm()));
        String what = "scaling out %s (%s)".formatted(group.pm(), why);
        ProcessingModule pm = GroupLayout.groupedPm(service, annotation);
        String overQuota = quotaRefusal(a, pm);
        if (overQuota != null) {
            return settled(id, "%s refused, the group serves on as it was: %s".formatted(what, overQuota), false);
        }
        ModuleHost host;
        try {
            host = steps.placeMember(id, pm, name, group);
        } catch (RuntimeException e) { // refused in words, or no host up
            return settled(id, "%s refused, the group serves on as it was: %s".formatted(what, e.getMessage()), false);
        }
        progress(
                id,
                "%s: starting %s on %s to take %s of %s, chosen %s"
                        .formatted(
                                what, name, host.name(), String.join(", ", pick.units()), from.instance(), pick.how()));
        PlacedPm fresh;
        try {
            fresh = steps.startPm(id, service, pm, host, name);
        } catch (GatewayException e) {
            steps.releaseMember(id, name);
            return settled(id, "%s aborted, the group serves on as it was: %s".formatted(what, e.getMessage()), false);
        }
        book.update(
                id, x -> x.withInstances(with(x.instances(), fresh)).withCapacityAdded(pm.cpuCores(), pm.memoryMb()));
        steps.recordGroup(
                group.withMember(new GroupState.Member(name, host.name(), List.of()), System.currentTimeMillis()));
        List<String> moved = new ArrayList<>();
        String failure = null;
        for (String unit : pick.units()) {
            failure = moveUnit(id, unit, from.instance(), name);
            if (failure != null) {
                break;
            }
            moved.add(unit);
        }
        if (moved.isEmpty()) {
            removeMember(id, fresh.instance());
            return settled(
                    id, "%s aborted, %s serves on with its units: %s".formatted(what, from.instance(), failure), false);
        }
        String done = "%s: %s on %s serves %s (chosen %s)"
                .formatted(what, name, host.name(), String.join(", ", moved), pick.how());
        return failure == null
                ? settled(id, done, true)
                : settled(id, done + "; then a move failed: " + failure, false);
    }

    /** One member fewer: {@code drainInstance}'s units (null: the member with the fewest) go to the others. */
    ReturnValue scaleIn(int id, String drainInstance, String why) throws SQLException {
        Allocation a = book.get(id).orElseThrow();
        GroupState group = steps.group(id).orElseThrow();
        ScalingGroup annotation = GroupLayout.groupOf(steps.service(a)).orElseThrow();
        String refusal = inRefusal(group, annotation);
        if (refusal != null) {
            return settled(id, refusal, false);
        }
        GroupState.Member drain = drainInstance == null
                ? group.members().stream()
                        .min(Comparator.comparingInt(m -> m.units().size()))
                        .orElseThrow()
                : group.member(drainInstance).orElseThrow();
        UnitChoice.Spread spread = UnitChoice.spreadIn(
                drain,
                group.members().stream()
                        .filter(m -> !m.instance().equals(drain.instance()))
                        .toList(),
                steps.unitRates().packetsPerSecond(id));
        String what = "scaling in %s (%s)".formatted(group.pm(), why);
        for (Map.Entry<String, String> move : spread.targets().entrySet()) {
            String unit = move.getKey();
            progress(id, "%s: moving unit %s from %s to %s".formatted(what, unit, drain.instance(), move.getValue()));
            String failure = moveUnit(id, unit, drain.instance(), move.getValue());
            if (failure != null) {
                return settled(
                        id,
                        "%s stopped, %s serves on with the units it has: %s".formatted(what, drain.instance(), failure),
                        false);
            }
        }
        removeMember(id, drain.instance());
        return settled(
                id,
                "%s: %s on %s stopped, its units moved, %s"
                        .formatted(what, drain.instance(), drain.host(), spread.how()),
                true);
    }

    /**
     * Moves one unit's flows, with their state, from one member to another; the group's record follows the unit when
     * the old member begins to hand it over (from then on the switch sends it to the new one).
     *
     * @return null when it moved, else why not (the unit stays where it was, unless the hand-over had begun)
     */
    String moveUnit(int id, String unit, String fromInstance, String toInstance) throws SQLException {
        Allocation a = book.get(id).orElseThrow();
        GroupState before = steps.group(id).orElseThrow();
        GroupState after = before.withUnitMoved(unit, toInstance);
        PlacedPm from = instance(a, fromInstance);
        PlacedPm to = instance(a, toInstance);
        if (from == null || to == null) {
            return "member %s is not running".formatted(from == null ? fromInstance : toInstance);
        }
        String what = "moving unit %s of %s from %s to %s".formatted(unit, before.pm(), fromInstance, toInstance);
        try {
            PmFlowsChannel fromChannel = channel(from);
            PmFlowsChannel toChannel = channel(to);
            List<String> elements = fromChannel.statefulElements();
            if (elements.size() != 1 || !toChannel.statefulElements().equals(elements)) {
                return "%s: a group member must hold exactly one stateful element, the NAT; %s has %s"
                        .formatted(what, fromInstance, elements);
            }
            SwitchCutover cutover =
                    SwitchCutover.between(switchGateway, settings, steps.wiring(a, before), steps.wiring(a, after));
            GroupUnit moving = GroupLayout.unit(steps.service(a), unit)
                    .orElseThrow(
                            () -> new IllegalStateException("%s is not a unit of %s".formatted(unit, before.pm())));
            boolean phased = settings.migrationMode.equals(MigrationRequest.PHASED);
            CrossHostMove.Moved moved = move.run(
                            id,
                            from,
                            to,
                            fromChannel,
                            toChannel,
                            elements,
                            moving.filter(),
                            phased,
                            cutover,
                            (step, detail) -> {
                                listeners.forEach(l -> l.beforeStep(id, unit, step));
                                if (step.equals("hand over")) {
                                    steps.recordGroup(after); // the switch sends the unit to the new member now
                                }
                                progress(
                                        id,
                                        "%s: %s%s".formatted(what, step, detail.isEmpty() ? "" : " (" + detail + ")"));
                            })
                    .get(0);
            LOG.info("allocation {}: {}: {}", id, what, moved);
            Map<String, Object> shown = new java.util.LinkedHashMap<>();
            shown.put("unit", unit);
            shown.put("from", fromInstance);
            shown.put("to", toInstance);
            shown.putAll(Structs.toStruct(moved));
            moves.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(shown);
            return null;
        } catch (JournaledMove.FailedException e) {
            return e.handOverBegun()
                    ? "%s failed after the hand-over: %s".formatted(what, e.getMessage())
                    : "%s aborted, the unit stays with its state: %s".formatted(what, e.getMessage());
        } catch (RuntimeException e) {
            return "%s failed: %s".formatted(what, e.getMessage());
        } finally {
            journal.remove(id);
        }
    }

    // ---- helpers ----

    /** Why the group cannot grow now, in words, or null. */
    private static String outRefusal(GroupState group, ScalingGroup annotation, String fromInstance) {
        if (group.members().size() >= annotation.maxInstances()) {
            return "group %s has %d member(s), its MAX; nothing changed"
                    .formatted(group.pm(), group.members().size());
        }
        GroupState.Member from = busiest(group, fromInstance);
        if (from.units().size() < 2) {
            return "member %s of group %s serves %d unit(s), so a new member would take none; nothing changed"
                    .formatted(from.instance(), group.pm(), from.units().size());
        }
        return null;
    }

    /** Why the tenant's quota cannot take one more member, in words, or null. */
    private String quotaRefusal(Allocation a, ProcessingModule pm) {
        return quotas.of(a.tenant())
                .flatMap(quota -> QuotaCheck.exceededByGrowth(
                        quota,
                        book.ofTenant(a.tenant()),
                        "a new member of group " + pm.name(),
                        pm.cpuCores(),
                        pm.memoryMb()))
                .map(words -> words + "; nothing changed")
                .orElse(null);
    }

    /** Why the group cannot shrink now, in words, or null. */
    private static String inRefusal(GroupState group, ScalingGroup annotation) {
        if (group.members().size() <= annotation.minInstances()) {
            return "group %s has %d member(s), its MIN; nothing changed"
                    .formatted(group.pm(), group.members().size());
        }
        return null;
    }

    /** The member named, or (null) the one with the most units. */
    private static GroupState.Member busiest(GroupState group, String instance) {
        return instance == null
                ? group.members().stream()
                        .max(Comparator.comparingInt(m -> m.units().size()))
                        .orElseThrow()
                : group.member(instance).orElseThrow();
    }

    /**
     * Stops a member (if it runs) and forgets it: the group, the book, the tenant's quota and the placement engine
     * no longer count it. Its units must be elsewhere by now.
     */
    private void removeMember(int id, String instance) throws SQLException {
        Allocation a = book.get(id).orElseThrow();
        NetworkService service = steps.service(a);
        ProcessingModule pm =
                GroupLayout.groupedPm(service, GroupLayout.groupOf(service).orElseThrow());
        GroupState before = steps.group(id).orElseThrow();
        steps.recordGroup(before.without(instance, System.currentTimeMillis()));
        try {
            steps.rewire(id);
        } catch (RuntimeException e) {
            LOG.warn("allocation {}: rules without {}: {}", id, instance, e.getMessage());
        }
        PlacedPm running = instance(a, instance);
        if (running != null) {
            try {
                moduleHosts.deletePm(hosts.host(running.host()).orElseThrow(), instance);
            } catch (GatewayException e) {
                LOG.warn(
                        "cannot stop {} on {} (removed as an orphan later): {}",
                        instance,
                        running.host(),
                        e.getMessage());
            }
        }
        book.update(
                id,
                x -> x.withInstances(x.instances().stream()
                                .filter(i -> !i.instance().equals(instance))
                                .toList())
                        .withCapacityAdded(-pm.cpuCores(), -pm.memoryMb()));
        steps.memberLeft(id, before, instance);
    }

    private PmFlowsChannel channel(PlacedPm instance) {
        ModuleHost host = hosts.upHost(instance.host())
                .orElseThrow(() -> new GatewayException("module host %s is not up".formatted(instance.host())));
        return new PmFlowsChannel(moduleHosts, host, instance.instance());
    }

    private static PlacedPm instance(Allocation a, String name) {
        return a.instances().stream()
                .filter(i -> i.instance().equals(name))
                .findFirst()
                .orElse(null);
    }

    private static List<PlacedPm> with(List<PlacedPm> instances, PlacedPm more) {
        List<PlacedPm> all = new ArrayList<>(instances);
        all.add(more);
        return all;
    }

    private static List<String> allUnits(GroupState group) {
        return group.members().stream()
                .flatMap(m -> m.units().stream())
                .sorted()
                .toList();
    }

    private static String members(GroupState group) {
        return String.join(
                ", ",
                group.members().stream()
                        .map(m -> m.instance() + " on " + m.host())
                        .toList());
    }

    private void progress(int id, String words) {
        try {
            book.update(id, x -> x.withState(AllocationState.ACTIVE, "active; " + words));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the group's progress: " + e.getMessage(), e);
        }
    }

    /** The change's outcome in the allocation's reason and the task's answer. */
    private ReturnValue settled(int id, String words, boolean success) throws SQLException {
        (success ? LOG.atInfo() : LOG.atWarn()).log("allocation {}: {}", id, words);
        book.update(id, x -> x.withState(AllocationState.ACTIVE, "active; " + words));
        Map<String, Object> value = Map.of(
                "alloc_id",
                id,
                "group",
                groupView(id),
                "unit_loads",
                Structs.toArray(steps.unitRates().loads(id)),
                "moves",
                List.copyOf(moves.getOrDefault(id, List.of())));
        return success
                ? ReturnValue.success("allocation %d: %s".formatted(id, words), value)
                : ReturnValue.failure("allocation %d: %s".formatted(id, words), value);
    }

    /** The group as get_task_result shows it: each member's instance, host and units. */
    private List<Object> groupView(int id) {
        return steps.group(id)
                .map(g -> List.of(Structs.toArray(g.memberStatuses())))
                .orElse(List.of());
    }

    @FunctionalInterface
    private interface Change {
        ReturnValue run() throws Exception;
    }

    /** Queues a change as a high-priority task under the allocation's lock; one at a time per allocation. */
    private ReturnValue queue(int id, String name, Change change, CallContext context) {
        if (!changing.add(id)) {
            return ReturnValue.failure(
                    "allocation %d's group is already changing; get_allocation(%d) shows how far".formatted(id, id));
        }
        ReturnValue queued = context.scheduler()
                .submit(
                        new Task() {
                            @Override
                            public String displayName() {
                                return "%s of allocation %d".formatted(name, id);
                            }

                            @Override
                            public ReturnValue runTask(Object param, TaskContext task) throws Exception {
                                try {
                                    synchronized (book.lock(id)) {
                                        Allocation a = book.get(id).orElse(null);
                                        if (a == null || a.state() != AllocationState.ACTIVE) {
                                            return ReturnValue.failure("nothing changed: allocation %d is %s"
                                                    .formatted(
                                                            id,
                                                            a == null
                                                                    ? "gone"
                                                                    : a.state()
                                                                            .name()
                                                                            .toLowerCase()));
                                        }
                                        return change.run();
                                    }
                                } finally {
                                    moves.remove(id);
                                    changing.remove(id);
                                }
                            }
                        },
                        null,
                        Priority.HIGH,
                        context);
        if (queued.isFailure()) {
            changing.remove(id);
            return queued;
        }
        return ReturnValue.notReady(
                "%s of allocation %d queued: get_allocation(%d) shows its steps, get_task_result(%s) the outcome"
                        .formatted(name, id, id, queued.value()),
                queued.value());
    }
}
