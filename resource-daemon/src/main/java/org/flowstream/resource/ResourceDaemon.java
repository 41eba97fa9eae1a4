package org.flowstream.resource;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.flowstream.common.auth.AccessPolicy;
import org.flowstream.common.auth.Accounts;
import org.flowstream.common.config.ConfigLoader;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.daemon.Daemon;
import org.flowstream.common.task.Priority;
import org.flowstream.common.task.StepTask;
import org.flowstream.contracts.records.monitoring.PlatformSummary;
import org.flowstream.placement.online.OnlinePlacer;
import org.flowstream.resource.allocation.AllocationBook;
import org.flowstream.resource.allocation.AllocationService;
import org.flowstream.resource.allocation.AllocationSteps;
import org.flowstream.resource.allocation.Failover;
import org.flowstream.resource.allocation.Recovery;
import org.flowstream.resource.allocation.RequestChecker;
import org.flowstream.resource.allocation.ServicePlacer;
import org.flowstream.resource.gateway.ModuleHostGateway;
import org.flowstream.resource.gateway.SwitchGateway;
import org.flowstream.resource.gateway.XmlRpcModuleHosts;
import org.flowstream.resource.gateway.XmlRpcSwitch;
import org.flowstream.resource.hosts.HostRegistry;
import org.flowstream.resource.migration.FileMoveJournal;
import org.flowstream.resource.migration.FlowMigrations;
import org.flowstream.resource.placer.EngineServicePlacer;
import org.flowstream.resource.pmtypes.PlatformCatalogue;
import org.flowstream.resource.pmtypes.PmDeployer;
import org.flowstream.resource.scaleout.FileGroupStore;
import org.flowstream.resource.scaleout.GroupScaler;
import org.flowstream.resource.scaleout.GroupStore;
import org.flowstream.resource.store.StateStore;
import org.flowstream.resource.tenants.TenantAdmin;
import org.flowstream.resource.tenants.TenantDirectory;

/**
 * The resource daemon (§3.1): the platform's front door. Tenants' API methods are the commands in
 * tasks/resource/; this class owns what they share: the durable store, the allocation lifecycle, the module
 * host registry, the PM catalogue and the connections to the other daemons.
 */
public class ResourceDaemon extends Daemon {

    private final ResourceSettings settings;
    private StateStore store;
    private AllocationService allocations;
    private AllocationSteps steps;
    private HostRegistry hosts;
    private PlatformCatalogue catalogue;
    private ModuleHostGateway moduleHosts;
    private SwitchGateway switchGateway;
    private Recovery recovery;
    private Failover failover;
    private FlowMigrations migrations;
    private GroupStore groups;
    private final UnaryOperator<GroupStore> groupStore;
    private GroupScaler scaler;
    private PmDeployer deployer;
    private TenantAdmin tenants;
    private ScheduledExecutorService timers;
    /** The monitoring daemon's latest summary (report_stats); kept in memory, it is renewed every few seconds. */
    private final java.util.concurrent.atomic.AtomicReference<PlatformSummary> platformStats =
            new java.util.concurrent.atomic.AtomicReference<>();

    public ResourceDaemon(DaemonConfig config) {
        this(config, null, null);
    }

    /**
     * With gateways given, the daemon talks to them instead of the module host and openflow daemons its
     * configuration names (tests of its own logic use this; null means "from the configuration").
     */
    public ResourceDaemon(DaemonConfig config, ModuleHostGateway moduleHosts, SwitchGateway switchGateway) {
        this(config, moduleHosts, switchGateway, UnaryOperator.identity());
    }

    /**
     * With gateways given (or null) and the group store seen through {@code groupStore} (a test counts its reads
     * this way; the daemon's own is {@link FileGroupStore} under the state directory).
     */
    public ResourceDaemon(
            DaemonConfig config,
            ModuleHostGateway moduleHosts,
            SwitchGateway switchGateway,
            UnaryOperator<GroupStore> groupStore) {
        super("resource", config);
        this.settings = ConfigLoader.settings(config, ResourceSettings.class);
        this.moduleHosts = moduleHosts;
        this.switchGateway = switchGateway;
        this.groupStore = groupStore;
    }

    @Override
    protected void onStart() throws Exception {
        store = new StateStore(stateDir().resolve("resource.db"));
        hosts = new HostRegistry(store);
        catalogue = new PlatformCatalogue(store);
        if (moduleHosts == null) {
            moduleHosts = new XmlRpcModuleHosts(peer("modulehost"));
        }
        if (switchGateway == null) {
            switchGateway = new XmlRpcSwitch(peer("openflow"));
        }
        AllocationBook book = new AllocationBook(store);
        RequestChecker checker =
                new RequestChecker(catalogue, settings.defaultBaseSystem, List.copyOf(settings.ioPorts.keySet()));
        ServicePlacer placer = new EngineServicePlacer(
                new ArrayList<>(settings.ioPorts.keySet()),
                new OnlinePlacer.Options(
                        64, java.time.Duration.ofMillis((long) (settings.placementTimeLimitSeconds * 1000))));
        groups = groupStore.apply(new FileGroupStore(stateDir().resolve("groups")));
        steps = new AllocationSteps(book, checker, placer, hosts, moduleHosts, switchGateway, settings, groups);
        allocations = new AllocationService(book, steps, checker, hosts, tenant -> tenants.of(tenant));
        tenants = new TenantAdmin(
                new TenantDirectory(store, super.accounts()), book, settings.quotas, config().users, allocations);
        failover = new Failover(book, steps, placer, hosts, moduleHosts);
        recovery = new Recovery(book, steps, placer, hosts, moduleHosts, settings.failover ? failover : null);
        deployer = new PmDeployer(catalogue, hosts, moduleHosts);
        // One journal of the moves in flight: a PM's (migrate_flows) or a group's unit (GroupScaler), one at a time
        // per allocation (each runs under the allocation's lock); FlowMigrations settles both after a restart.
        FileMoveJournal journal = new FileMoveJournal(stateDir().resolve("migrations"));
        migrations = new FlowMigrations(book, steps, placer, hosts, moduleHosts, switchGateway, settings, journal);
        scaler = new GroupScaler(
                book, steps, hosts, moduleHosts, switchGateway, settings, journal, tenant -> tenants.of(tenant));
        holdMovesWherePaused(book);
        scheduler()
                .submit(
                        new StepTask("recover after start", () -> {
                            migrations.recoverInterrupted(); // first: it decides which instance the book keeps
                            recovery.afterRestart(systemContext());
                        }),
                        null,
                        Priority.HIGH,
                        systemContext());
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "resource-host-watch");
            t.setDaemon(true);
            return t;
        });
        timers.scheduleWithFixedDelay(
                this::queueHostCheck, settings.hostCheckSeconds, settings.hostCheckSeconds, TimeUnit.SECONDS);
    }

    /**
     * pause_installs can hold a move (migrate_flows) before each of its steps too (a total copy's and a phased move's),
     * named "move: freeze", "move: idle phase" ..., and with a phased batch taken from the old instance and not yet
     * delivered ("move: batch in hand"), so that a crash test can kill this daemon or a module host mid-move
     * (bin/e2e_crash.py migrate, PhasedMoveCrashTest).
     */
    private void holdMovesWherePaused(AllocationBook book) {
        var pauses = steps.pauses();
        pauses.alsoPausable(java.util.stream.Stream.of(
                        FlowMigrations.STEPS, FlowMigrations.PHASED_STEPS, List.of(FlowMigrations.BATCH_IN_HAND))
                .flatMap(List::stream)
                .distinct()
                .map(s -> "move: " + s)
                .toList());
        migrations.addListener((id, step) -> pauses.holdBeforeUnchecked(id, "move: " + step, book));
    }

    /**
     * Host liveness is checked by a normal-priority task, so it never delays a tenant's request. Allocations on a
     * host found down are degraded and, with failover on, each moved off it by a high-priority task of its own.
     */
    private void queueHostCheck() {
        scheduler()
                .submit(
                        new StepTask("check module hosts", () -> {
                            for (Recovery.Stranded stranded : recovery.hostsDown(hosts.markSilentHostsDown(
                                    settings.hostTimeoutSeconds * 1000L,
                                    host -> moduleHosts.answers(host, settings.hostProbeSeconds * 1000)))) {
                                scheduler()
                                        .submit(
                                                new StepTask(strandedTaskName(stranded), () -> moveOff(stranded)),
                                                null,
                                                Priority.HIGH,
                                                systemContext());
                            }
                        }),
                        null,
                        Priority.NORMAL,
                        systemContext());
    }

    /** What the task list shows for a stranded allocation: a move only where failover will move it. */
    private String strandedTaskName(Recovery.Stranded stranded) {
        return (settings.failover ? "move allocation %d off %s" : "degrade allocation %d (module host %s down)")
                .formatted(stranded.allocationId(), stranded.host());
    }

    /** An allocation left on a host that went down: degraded (if its install ended meanwhile) and failed over. */
    private void moveOff(Recovery.Stranded stranded) throws SQLException {
        recovery.degradeIfActiveOnDeadHost(stranded);
        if (settings.failover) {
            failover.moveOff(stranded.allocationId(), stranded.host());
        }
    }

    private DaemonConfig.Peer peer(String name) {
        DaemonConfig.Peer peer = config().peers.get(name);
        if (peer == null) {
            peer = new DaemonConfig.Peer();
            peer.url = name.equals("openflow") ? "http://127.0.0.1:7101/RPC2" : "";
        }
        return peer;
    }

    @Override
    protected void onStop() {
        if (timers != null) {
            timers.shutdownNow();
        }
        try {
            if (store != null) {
                store.close();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("closing the state store: " + e.getMessage(), e);
        }
    }

    public ResourceSettings settings() {
        return settings;
    }

    public AllocationService allocations() {
        return allocations;
    }

    /** The monitoring daemon, when one is configured (peers.monitoring): get_flow_stats asks it for tenants. */
    public java.util.Optional<org.flowstream.common.rpc.DaemonClient> monitoring() {
        DaemonConfig.Peer peer = config().peers.get("monitoring");
        return peer == null || peer.url.isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(org.flowstream.common.rpc.DaemonClient.of(peer));
    }

    /** Tenant accounts: add, list, remove (operators), and each tenant's quota. */
    public TenantAdmin tenants() {
        return tenants;
    }

    /** The front door: tenants call the methods declared for them (their own allocations, the PM catalogue). */
    @Override
    public AccessPolicy accessPolicy() {
        return AccessPolicy.frontDoor(name());
    }

    /** The configuration's accounts, then the tenants operators added through the API. */
    @Override
    public Accounts accounts() {
        return tenants == null ? super.accounts() : super.accounts().then(tenants.directory());
    }

    public HostRegistry hosts() {
        return hosts;
    }

    public PlatformCatalogue catalogue() {
        return catalogue;
    }

    public ModuleHostGateway moduleHosts() {
        return moduleHosts;
    }

    public SwitchGateway switchGateway() {
        return switchGateway;
    }

    /** migrate_flows: moving a running PM, with its flows' state, to another module host. */
    public FlowMigrations migrations() {
        return migrations;
    }

    /** Scaling groups: their changes, by load (report_stats), by an operator (scale_group) or by migrate_flows. */
    public GroupScaler scaler() {
        return scaler;
    }

    /** The monitoring daemon's new summary: scaling groups react to their members' load. */
    public void reactToLoad(org.flowstream.contracts.records.monitoring.PlatformSummary summary) {
        scaler.react(summary, systemContext());
    }

    public Recovery recovery() {
        return recovery;
    }

    /** The module host a low-level call names, with an error that lists the hosts there are. */
    public org.flowstream.resource.hosts.ModuleHost hostNamed(Object hostName) {
        if (hostName == null) {
            throw new org.flowstream.common.rpc.BadParameterException(
                    "pm.host is required: the module host to run the PM on");
        }
        String name = org.flowstream.common.rpc.Params.string(hostName, "pm.host");
        return hosts.host(name)
                .orElseThrow(() ->
                        new org.flowstream.common.rpc.BadParameterException("no module host '%s'; registered: %s"
                                .formatted(
                                        name,
                                        hosts.all().stream()
                                                .map(org.flowstream.resource.hosts.ModuleHost::name)
                                                .toList())));
    }

    public java.util.concurrent.atomic.AtomicReference<PlatformSummary> platformStats() {
        return platformStats;
    }

    public PmDeployer deployer() {
        return deployer;
    }
}
