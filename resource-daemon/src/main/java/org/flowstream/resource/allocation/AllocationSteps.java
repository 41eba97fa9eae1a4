package org.flowstream.resource.allocation;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.flowstream.contracts.records.openflow.ConnectionWiring;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.model.ProcessingModule;
import org.flowstream.lang.model.ScalingGroup;
import org.flowstream.resource.ResourceSettings;
import org.flowstream.resource.gateway.GatewayException;
import org.flowstream.resource.gateway.ModuleHostGateway;
import org.flowstream.resource.gateway.SwitchGateway;
import org.flowstream.resource.hosts.HostRegistry;
import org.flowstream.resource.hosts.ModuleHost;
import org.flowstream.resource.scaleout.GroupLayout;
import org.flowstream.resource.scaleout.GroupState;
import org.flowstream.resource.scaleout.GroupStore;
import org.flowstream.resource.scaleout.UnitRates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps an allocation goes through, each with its undo: place / unplace, start PMs / stop PMs, wire /
 * unwire. Every step records what it did in the allocation book as it goes (a PM is recorded the moment it
 * starts), so that an undo, a delete or a restarted daemon knows exactly what exists.
 */
public final class AllocationSteps {

    private static final Logger LOG = LoggerFactory.getLogger(AllocationSteps.class);

    private final AllocationBook book;
    private final RequestChecker checker;
    private final ServicePlacer placer;
    private final HostRegistry hosts;
    private final ModuleHostGateway moduleHosts;
    private final SwitchGateway switchGateway;
    private final ResourceSettings settings;
    private final Map<Integer, NetworkService> services = new ConcurrentHashMap<>();
    private final PeerRetry retry;
    private final InstallPauses pauses = new InstallPauses();
    private final GroupStore groups;
    /** The groups' units' measured loads, in memory (a restart measures afresh). */
    private final UnitRates unitRates = new UnitRates();

    /** @param groups the scaling groups' members and units (docs/migration.md, "Scale-out") */
    public AllocationSteps(
            AllocationBook book,
            RequestChecker checker,
            ServicePlacer placer,
            HostRegistry hosts,
            ModuleHostGateway moduleHosts,
            SwitchGateway switchGateway,
            ResourceSettings settings,
            GroupStore groups) {
        this.book = book;
        this.groups = groups;
        this.checker = checker;
        this.placer = placer;
        this.hosts = hosts;
        this.moduleHosts = moduleHosts;
        this.switchGateway = switchGateway;
        this.settings = settings;
        this.retry = new PeerRetry(java.time.Duration.ofSeconds(settings.peerRetrySeconds));
    }

    /** Where installs hold for crash tests (pause_installs); none unless an operator sets some. */
    public InstallPauses pauses() {
        return pauses;
    }

    /** Holds allocation {@code id}'s install before {@code step} while pause_installs asks for it. */
    void holdBefore(int id, String step) throws SQLException, InterruptedException {
        pauses.holdBefore(id, step, book);
    }

    /** Keeps the service install_allocation already checked, so the install task does not parse it again. */
    public void remember(int id, NetworkService service) {
        services.put(id, service);
    }

    /** The checked service of an allocation, parsed once and kept (again after a restart). */
    public NetworkService service(Allocation a) {
        return services.computeIfAbsent(a.id(), id -> checker.checkStored(a.request()));
    }

    public void place(int id) throws SQLException {
        Allocation a = current(id);
        NetworkService service = service(a);
        Map<String, String> placement = placer.place(id, service, hosts.up());
        GroupLayout.groupOf(service).ifPresent(group -> {
            String first = ModuleHostGateway.instanceName(instanceTag(id), group.pm());
            groups.put(GroupLayout.initial(
                    id,
                    group,
                    GroupLayout.units(service, group),
                    first,
                    placement.get(group.pm()),
                    placeOtherMembers(
                            id, GroupLayout.groupedPm(service, group), first, placement.get(group.pm()), group),
                    System.currentTimeMillis()));
        });
        book.update(id, x -> x.withPlacement(placement).withState(AllocationState.INSTALLING, "placed; starting PMs"));
    }

    /**
     * The hosts of a group's members after the first (its MIN), each placed by the engine with its capacity
     * reserved, spread over hosts while they have room; when one does not fit, what was reserved is freed and the
     * install is refused in words.
     */
    private List<String> placeOtherMembers(
            int id, ProcessingModule pm, String firstInstance, String firstHost, ScalingGroup group) {
        List<String> crowded = new ArrayList<>(List.of(firstHost));
        List<String> placedHosts = new ArrayList<>();
        for (int i = 1; i < group.minInstances(); i++) {
            String instance = firstInstance + "-" + (i + 1);
            try {
                placedHosts.add(placer.placeMember(id, instance, pm, hosts.up(), crowded));
            } catch (RuntimeException e) {
                for (int j = 1; j < i; j++) {
                    placer.releaseMember(id, firstInstance + "-" + (j + 1));
                }
                placer.release(id);
                throw e;
            }
            crowded.add(placedHosts.getLast());
        }
        return placedHosts;
    }

    /** Each group's units' measured loads: GroupScaler records them, get_allocation shows them. */
    public UnitRates unitRates() {
        return unitRates;
    }

    /** The allocation's scaling group, if its request has one (members and the units each serves). */
    public Optional<GroupState> group(int id) {
        return book.get(id).flatMap(this::group);
    }

    /**
     * The allocation's scaling group, if its request has one. The request (parsed once, kept in memory) is asked
     * first, so an allocation without a group costs no read of the group store: this runs for every live
     * allocation on every monitoring report and every re-assert of its rules.
     */
    public Optional<GroupState> group(Allocation a) {
        NetworkService service;
        try {
            service = service(a);
        } catch (RuntimeException e) { // a stored request that no longer reads (the catalogue changed): ask the store
            return groups.get(a.id());
        }
        return GroupLayout.groupOf(service).isPresent() ? groups.get(a.id()) : Optional.empty();
    }

    /** Records a change of the allocation's scaling group. */
    public void recordGroup(GroupState group) {
        groups.put(group);
    }

    /**
     * Places a scaling group's new member with the placement engine, reserving its CPU and memory there, on a host
     * without a member of the group when one has room.
     *
     * @return the host it is to start on
     * @throws PlacementRefusedException when no host that is up has room, in words
     */
    public ModuleHost placeMember(int id, ProcessingModule pm, String instance, GroupState group) {
        List<String> crowded =
                group.members().stream().map(GroupState.Member::host).toList();
        String host = placer.placeMember(id, instance, pm, hosts.up(), crowded);
        return hosts.upHost(host).orElseThrow();
    }

    /**
     * After a restart: the group's oldest member is the one the allocation's placement holds, every other member is
     * entered in the placement engine where it runs (docs/migration.md, "Scale-out": who holds which reservation).
     */
    public void restoreMembers(Allocation a) throws SQLException {
        NetworkService service = service(a);
        Optional<GroupState> found = group(a);
        if (found.isEmpty()) {
            return;
        }
        GroupState g = found.get();
        ProcessingModule pm =
                GroupLayout.groupedPm(service, GroupLayout.groupOf(service).orElseThrow());
        GroupState.Member oldest = g.members().getFirst();
        if (!oldest.host().equals(a.placement().get(g.pm()))) { // recorded before the oldest held the placement
            holdInPlacement(a, g.pm(), oldest.host());
        }
        g.members().stream().skip(1).forEach(m -> placer.restoreMember(a.id(), m.instance(), pm, m.host()));
    }

    /** Frees what a group member that never joined held in the placement engine (its start failed). */
    public void releaseMember(int id, String instance) {
        placer.releaseMember(id, instance);
    }

    /**
     * A member left the group ({@code before} still lists it): what it held in the placement engine is freed. The
     * oldest member is the one the allocation's placement holds: when it leaves, the next oldest takes that place
     * and gives up its own reservation, so the engine counts each member once.
     */
    public void memberLeft(int id, GroupState before, String instance) throws SQLException {
        List<GroupState.Member> members = before.members();
        if (!members.getFirst().instance().equals(instance)) {
            placer.releaseMember(id, instance);
        } else if (members.size() > 1) {
            GroupState.Member next = members.get(1);
            placer.releaseMember(id, next.instance());
            holdInPlacement(current(id), before.pm(), next.host());
        }
    }

    /**
     * Failover of a scaling group off hosts that are not {@code candidates}: members on candidate hosts stay; the
     * oldest, which the new {@code placement} holds, keeps its host there when it stays, else starts where the PM is
     * placed now; every other member off a candidate is placed again by the engine with its own reservation, or,
     * when no host has room, leaves the group with its units going to the oldest member. Records the group.
     *
     * @return the placement to record (the grouped PM at its oldest member's host)
     */
    public Map<String, String> rehomeMembers(
            Allocation a, GroupState group, Map<String, String> placement, List<ModuleHost> candidates)
            throws SQLException {
        NetworkService service = service(a);
        ProcessingModule pm =
                GroupLayout.groupedPm(service, GroupLayout.groupOf(service).orElseThrow());
        List<String> staying = candidates.stream().map(ModuleHost::name).toList();
        Map<String, String> held = new LinkedHashMap<>(placement);
        GroupState.Member oldest = group.members().getFirst();
        GroupState next = group;
        if (staying.contains(oldest.host())) {
            if (!oldest.host().equals(placement.get(group.pm()))) {
                held.put(group.pm(), oldest.host());
                placer.restore(a.id(), service, held, hosts.all());
            }
        } else {
            next = next.withHost(oldest.instance(), placement.get(group.pm()));
        }
        List<String> crowded = new ArrayList<>(next.members().stream()
                .map(GroupState.Member::host)
                .filter(staying::contains)
                .toList());
        for (GroupState.Member m : group.members().subList(1, group.members().size())) {
            if (staying.contains(m.host())) {
                continue;
            }
            placer.releaseMember(a.id(), m.instance());
            try {
                String host = placer.placeMember(a.id(), m.instance(), pm, candidates, crowded);
                next = next.withHost(m.instance(), host);
                crowded.add(host);
            } catch (RuntimeException e) { // refused in words: no room for it on the hosts left
                LOG.warn(
                        "allocation {}: member {} leaves group {}, its units go to {}: {}",
                        a.id(),
                        m.instance(),
                        group.pm(),
                        oldest.instance(),
                        e.getMessage());
                for (String unit : m.units()) {
                    next = next.withUnitMoved(unit, oldest.instance());
                }
                next = next.without(m.instance(), System.currentTimeMillis());
                book.update(a.id(), x -> x.withCapacityAdded(-pm.cpuCores(), -pm.memoryMb()));
            }
        }
        groups.put(next);
        return held;
    }

    /** The allocation's placement holds its grouped PM {@code pm} on {@code host} (in the book and the engine). */
    private void holdInPlacement(Allocation a, String pm, String host) throws SQLException {
        Map<String, String> placement = new LinkedHashMap<>(a.placement());
        placement.put(pm, host);
        placer.restore(a.id(), service(a), placement, hosts.all());
        book.update(a.id(), x -> x.withPlacement(placement));
    }

    public void unplace(int id) throws SQLException {
        unplace(id, x -> x);
    }

    /**
     * Frees the allocation's capacity and records it, together with {@code alsoRecord} in the same store write (a
     * delete's end: one write less on the tenant's wait).
     */
    void unplace(int id, UnaryOperator<Allocation> alsoRecord) throws SQLException {
        placer.release(id);
        groups.get(id).ifPresent(g -> g.members().forEach(m -> placer.releaseMember(id, m.instance())));
        groups.remove(id);
        book.update(id, x -> alsoRecord.apply(x.withPlacement(Map.of())));
    }

    /**
     * Starts every PM not started yet, all at once (PMs start in parallel on their hosts), recording each as soon
     * as its host confirms it. The calling thread holds the allocation's lock, so it does the recording itself
     * while the starts run on virtual threads. If a start fails, the others are still awaited and recorded (so
     * the undo stops them), then the first failure is thrown.
     */
    public void startPms(int id) throws SQLException {
        Allocation a = current(id);
        NetworkService service = service(a);
        try (ExecutorService starts = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletionService<PlacedPm> done = new ExecutorCompletionService<>(starts);
            int pending = 0;
            Optional<GroupState> group = group(a);
            for (ProcessingModule pm : service.modules()) {
                if (group.isPresent() && group.get().pm().equals(pm.name())) {
                    for (GroupState.Member member : group.get().members()) {
                        if (a.instances().stream().noneMatch(i -> i.instance().equals(member.instance()))) {
                            ModuleHost host = memberHost(a, pm.name(), member);
                            done.submit(() -> startWithRetry(id, service, pm, host, member.instance()));
                            pending++;
                        }
                    }
                    continue;
                }
                if (a.instances().stream().anyMatch(i -> i.pm().equals(pm.name()))) {
                    continue;
                }
                ModuleHost host = hostOf(a, pm.name());
                String instance = ModuleHostGateway.instanceName(instanceTag(id), pm.name());
                done.submit(() -> startWithRetry(id, service, pm, host, instance));
                pending++;
            }
            RuntimeException firstFailure = null;
            boolean recordedAll = false;
            for (; pending > 0; pending--) {
                try {
                    PlacedPm started = awaitNext(done);
                    // Crash tests: the PM runs and the book does not know it yet. Held here, on the thread that holds
                    // the allocation's lock: a start thread holding would wait for that lock to say so in the reason.
                    pauses.holdBeforeUnchecked(id, "record PMs", book);
                    boolean last = pending == 1 && firstFailure == null; // its record also says the step is done
                    book.update(id, x -> {
                        List<PlacedPm> more = new ArrayList<>(x.instances());
                        more.add(started);
                        return last ? pmsStarted(x.withInstances(more)) : x.withInstances(more);
                    });
                    recordedAll = last;
                } catch (RuntimeException e) {
                    firstFailure = firstFailure == null ? e : firstFailure;
                }
            }
            if (firstFailure != null) {
                throw firstFailure;
            }
            if (!recordedAll) { // every PM had started before (an install resumed after a restart)
                book.update(id, AllocationSteps::pmsStarted);
            }
        }
    }

    private static Allocation pmsStarted(Allocation a) {
        return a.withState(AllocationState.INSTALLING, "PMs started; installing rules");
    }

    /**
     * Starts one PM instance, waiting out a host marked down too: under load a restarted module host daemon may take
     * longer than hostTimeoutSeconds to answer, and failover moves only installed allocations, so giving up early
     * would fail an acknowledged install that the returning host (which adopts its PMs) could finish. A create_pm
     * that went unanswered (a host too busy to answer within the peer timeout) may have started the PM or be starting
     * it still: the retry awaits that one and takes it, rather than delete work in progress and send it again,
     * which under a burst would only add to the host's load.
     */
    private PlacedPm startWithRetry(int id, NetworkService service, ProcessingModule pm, ModuleHost host, String name) {
        return retry.call("allocation %d: start PM %s".formatted(id, name), () -> true, again -> {
            if (again) { // one copy only: the unanswered attempt's PM if it runs
                String tag = instanceTag(id);
                Optional<PlacedPm> earlier = moduleHosts.startedPm(host, tag, name.substring(tag.length() + 1));
                if (earlier.isPresent()) {
                    LOG.info(
                            "allocation {}: PM {} on {} was started by an unanswered create_pm", id, name, host.name());
                    return new PlacedPm(
                            pm.name(),
                            host.name(),
                            earlier.get().instance(),
                            earlier.get().switchPorts());
                }
            }
            long start = System.nanoTime();
            PlacedPm started = startPm(id, service, pm, host, name);
            LOG.info(
                    "allocation {}: PM {} started on {}, create_pm answered in {} ms",
                    id,
                    name,
                    host.name(),
                    java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            return started;
        });
    }

    /** A group member's host: where the group records it, or the PM's placement when that host is not up. */
    private ModuleHost memberHost(Allocation a, String pm, GroupState.Member member) {
        return hosts.upHost(member.host()).orElseGet(() -> hostOf(a, pm));
    }

    /**
     * Starts one PM of allocation {@code id} on {@code host} with the request's type, configuration and limits
     * (also a migrated PM's new instance); it is not recorded here.
     */
    public PlacedPm startPm(int id, NetworkService service, ProcessingModule pm, ModuleHost host) {
        return startPm(id, service, pm, host, ModuleHostGateway.instanceName(instanceTag(id), pm.name()));
    }

    /**
     * Starts an instance of a PM under the name {@code instance} (a group's further members are "a12-nat-2", ...);
     * it is recorded under the PM's own name.
     */
    public PlacedPm startPm(int id, NetworkService service, ProcessingModule pm, ModuleHost host, String instance) {
        String tag = instanceTag(id);
        PlacedPm started = moduleHosts.createPm(
                host,
                tag,
                instance.substring(tag.length() + 1),
                pm.className(),
                pm.configArgs(),
                pm.cpuCores(),
                pm.memoryMb(),
                pm.inputs(),
                pm.outputs(),
                checker.baseSystem(service));
        return new PlacedPm(pm.name(), started.host(), started.instance(), started.switchPorts());
    }

    /** The next finished PM start; its failure as the exception the gateway threw. */
    private static PlacedPm awaitNext(CompletionService<PlacedPm> done) {
        try {
            return done.take().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new GatewayException("starting a PM failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException("interrupted while PMs were starting", e);
        }
    }

    /**
     * Stops every recorded PM, all at once; PMs on hosts that cannot be reached are reported and kept on
     * record.
     */
    public void stopPms(int id) throws SQLException {
        List<PlacedPm> left = stopAll(id);
        book.update(id, x -> x.withInstances(left));
        throwIfLeft(left);
    }

    /** Stops every recorded PM at once and returns those left on hosts that cannot be reached; records nothing. */
    private List<PlacedPm> stopAll(int id) {
        Allocation a = current(id);
        List<PlacedPm> left = new ArrayList<>();
        try (ExecutorService stops = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<PlacedPm, Future<?>> stopping = new LinkedHashMap<>();
            for (PlacedPm instance : a.instances()) {
                Optional<ModuleHost> host = hosts.host(instance.host());
                stopping.put(
                        instance,
                        stops.submit(() -> host.ifPresent(h -> retry.run(
                                "allocation %d: stop PM %s".formatted(id, instance.pm()),
                                () -> isUp(h),
                                () -> moduleHosts.deletePm(h, instance.instance())))));
            }
            for (Map.Entry<PlacedPm, Future<?>> stop : stopping.entrySet()) {
                PlacedPm instance = stop.getKey();
                try {
                    stop.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GatewayException)) {
                        throw new IllegalStateException(
                                "stopping PM %s failed: %s"
                                        .formatted(instance.pm(), e.getCause().getMessage()),
                                e.getCause());
                    }
                    LOG.warn(
                            "allocation {}: cannot stop PM {} on {}: {}",
                            id,
                            instance.pm(),
                            instance.host(),
                            e.getCause().getMessage());
                    left.add(instance);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    left.add(instance);
                }
            }
        }
        return left;
    }

    private static void throwIfLeft(List<PlacedPm> left) {
        if (!left.isEmpty()) {
            throw new GatewayException(
                    "could not stop %d PM(s) on unreachable hosts; they will be removed when the hosts return"
                            .formatted(left.size()));
        }
    }

    /** Installs the allocation's rules, waiting (up to peerRetrySeconds) for an openflow daemon that does not answer. */
    public void wire(int id) throws SQLException {
        wire(id, true);
    }

    /**
     * Installs the rules again without waiting for the openflow daemon: a restarted resource daemon re-asserts
     * every active allocation in turn, and one wait per allocation would hold them all up. One that fails is
     * degraded and healed at its host's next heartbeat.
     */
    public void rewire(int id) throws SQLException {
        wire(id, false);
    }

    private void wire(int id, boolean waitForPeer) throws SQLException {
        Allocation a = current(id);
        ConnectionWiring wiring = wiring(a);
        retry.run(
                "allocation %d: install rules".formatted(id),
                () -> waitForPeer,
                () -> switchGateway.createConnections(settings.switchName, settings.tableId, wiring));
        book.update(id, x -> x.withWired(true));
    }

    public void unwire(int id) throws SQLException {
        Allocation a = current(id);
        retry.run(
                "allocation %d: remove rules".formatted(id),
                () -> true,
                () -> switchGateway.deleteConnections(settings.switchName, settings.tableId, id));
        book.update(id, x -> x.withWired(false));
    }

    /**
     * A delete's two removals side by side: the rules on the openflow daemon and the PMs on the module hosts (each
     * retried while its peer does not answer, as {@link #unwire} and {@link #stopPms}), recorded together in one
     * store write once both ended. The
     * order does not matter for safety: until its rules go, the allocation's traffic is sent to its PMs' switch
     * ports, where a stopped PM's process reads nothing and a removed port takes nothing (the switch drops what it
     * would send there). A port's number does not go to another PM meanwhile: the module host never hands a deleted
     * PM's port on, and Open vSwitch does not reuse a freed port number for an hour unless it runs out of them. No
     * PM sends anything once stopped, so nothing loops. What a delete needs is that both end, which it awaits.
     *
     * @param times where each side's duration is noted
     * @throws GatewayException when the rules or some PMs could not be removed (a peer that does not answer); what
     *     was removed is recorded, the rest is finished when the peer returns
     */
    void unwireAndStopPms(int id, StepTimes times) throws SQLException {
        current(id);
        try (ExecutorService side = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            Future<Long> rules = side.submit(() -> {
                retry.run(
                        "allocation %d: remove rules".formatted(id),
                        () -> true,
                        () -> switchGateway.deleteConnections(settings.switchName, settings.tableId, id));
                return System.nanoTime() - start;
            });
            List<PlacedPm> left = stopAll(id);
            times.note("stop PMs", System.nanoTime() - start);
            RuntimeException rulesLeft = null;
            try {
                times.note("remove rules", rules.get());
            } catch (ExecutionException e) {
                rulesLeft = e.getCause() instanceof RuntimeException r
                        ? r
                        : new GatewayException(
                                "removing the rules failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                rulesLeft = new GatewayException("interrupted while the rules were being removed", e);
            }
            boolean unwired = rulesLeft == null;
            // One store write for both sides, on this thread: it holds the allocation's lock, which recording needs.
            book.update(id, x -> unwired ? x.withInstances(left).withWired(false) : x.withInstances(left));
            if (rulesLeft != null) {
                throw rulesLeft;
            }
            throwIfLeft(left);
        }
    }

    public void activate(int id) throws SQLException {
        book.update(id, x -> x.withState(AllocationState.ACTIVE, "active"));
    }

    /** The allocation's rules; a scaling group's traffic split by unit, each through the member serving it. */
    public ConnectionWiring wiring(Allocation a) {
        NetworkService service = service(a);
        WiringBuilder builder = new WiringBuilder(settings.ioPorts);
        Optional<GroupState> group = group(a);
        if (group.isEmpty()) {
            return builder.build(a.id(), service, a.instances());
        }
        return wiring(a, group.get());
    }

    /** The allocation's rules with its scaling group as {@code group} says (a unit's move: before or after). */
    public ConnectionWiring wiring(Allocation a, GroupState group) {
        NetworkService service = service(a);
        ConnectionWiring built = new WiringBuilder(settings.ioPorts)
                .build(a.id(), service, GroupLayout.oneInstancePerPm(a.instances(), group));
        return GroupLayout.split(
                built,
                a.instances(),
                group,
                GroupLayout.units(service, GroupLayout.groupOf(service).orElseThrow()));
    }

    /** Forgets the parsed service of an allocation that is gone. */
    public void forget(int id) {
        services.remove(id);
    }

    /** Module hosts name a PM instance after its allocation, so orphans can be recognised after a crash. */
    public static String instanceTag(int allocationId) {
        return "a" + allocationId;
    }

    private ModuleHost hostOf(Allocation a, String pm) {
        String name = a.placement().get(pm);
        if (name == null) {
            throw new IllegalStateException("PM %s of allocation %d was never placed".formatted(pm, a.id()));
        }
        return hosts.upHost(name)
                .orElseThrow(
                        () -> new GatewayException("module host %s chosen for PM %s is not up".formatted(name, pm)));
    }

    private boolean isUp(ModuleHost host) {
        return hosts.upHost(host.name()).isPresent();
    }

    private Allocation current(int id) {
        return book.get(id).orElseThrow(() -> new IllegalStateException("allocation " + id + " no longer exists"));
    }
}
