package org.flowstream.modulehost;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.common.config.ConfigLoader;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.daemon.Daemon;
import org.flowstream.common.hotpatch.SourceCompiler;
import org.flowstream.contracts.records.modulehost.HostLoad;
import org.flowstream.contracts.records.modulehost.PmStartup;
import org.flowstream.modulehost.basesys.BaseSystems;
import org.flowstream.modulehost.basesys.LinuxNetnsBaseSystem;
import org.flowstream.modulehost.basesys.PmJvm;
import org.flowstream.modulehost.deploy.ElementCatalog;
import org.flowstream.modulehost.deploy.ElementDeployer;
import org.flowstream.modulehost.lb.LoadReporter;
import org.flowstream.modulehost.net.OvsBridge;
import org.flowstream.modulehost.ownership.NetworkClaims;
import org.flowstream.modulehost.ownership.NetworkSweeper;
import org.flowstream.modulehost.pm.Isolation;
import org.flowstream.modulehost.pm.PmInstance;
import org.flowstream.modulehost.pm.PmManager;
import org.flowstream.modulehost.pm.PmWork;
import org.flowstream.modulehost.runtime.ElementRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The module host daemon (§3.1): one per module host. It starts and deletes PMs (create_pm, delete_pm), plumbs
 * their ports into the platform switch, compiles new element types (deploy_pm), reports its PMs (list_pms)
 * and its load (get_load), and registers with and heartbeats to the resource daemon. Its API methods are the
 * commands under tasks/modulehost/; this class holds what they share.
 *
 * <p>Files in the state directory: {@code elements/} (deployed element types, read by PM processes) and
 * {@code pms/<name>/} (a PM's configuration, statistics and log, removed with the PM) and {@code owned/<id>.properties}
 * (the claim on a PM's namespace and switch ports, removed once they are gone: {@link NetworkClaims}).
 */
public class ModuleHostDaemon extends Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(ModuleHostDaemon.class);

    private final ModuleHostSettings settings;
    private Isolation isolation;
    private BaseSystems baseSystems;
    private PmManager pms;
    private ElementRegistry registry;
    private ElementDeployer deployer;
    private ElementCatalog catalog;
    private ResourceLink resourceLink;
    private OvsBridge bridge;
    private LoadReporter loadReporter;
    private PmJvm pmJvm;
    private NetworkSweeper sweeper;
    private LinuxNetnsBaseSystem linuxNetns;
    /** How often claims whose clean-up failed are tried again. */
    private static final int SWEEP_SECONDS = 10;

    public ModuleHostDaemon(DaemonConfig config) {
        super("modulehost", config);
        this.settings = ConfigLoader.settings(config, ModuleHostSettings.class);
    }

    @Override
    protected void onStart() throws Exception {
        Path elements = stateDir().toAbsolutePath().resolve("elements");
        Path pmRoot = stateDir().toAbsolutePath().resolve("pms");
        Files.createDirectories(elements);
        Files.createDirectories(pmRoot);
        isolation = Isolation.detect(settings.isolation);
        bridge = new OvsBridge(
                settings.bridge,
                settings.ovsDb,
                settings.ovsRunDir,
                settings.switchNetns,
                NetworkClaims.ownerOf(stateDir()));
        NetworkClaims claims = NetworkClaims.of(stateDir(), bridge);
        registry = new ElementRegistry(elements);
        deployer = new ElementDeployer(elements, new SourceCompiler());
        catalog = new ElementCatalog(registry);
        pmJvm = new PmJvm(
                settings.javaCommand,
                settings.pmJvmOptions,
                PmJvm.Mode.parse(settings.pmStartup),
                stateDir().toAbsolutePath().resolve("aot"));
        if (pmJvm.mode() != PmJvm.Mode.COLD) {
            pmJvm.aotCache().prepare();
        }
        PmWork pmWork = new PmWork(); // the warm pool refills in the quiet after the PM manager's creates and deletes
        linuxNetns = new LinuxNetnsBaseSystem(
                claims,
                isolation,
                pmJvm,
                elements,
                stateDir().toAbsolutePath().resolve("pool"),
                settings.pmPoolMemoryMb,
                settings.pmPoolSlots,
                settings.pmPoolPorts,
                pmWork);
        baseSystems = new BaseSystems(List.of(linuxNetns));
        resourceLink = new ResourceLink(this, config().peers.get("resource"), settings.heartbeatSeconds);
        pms = new PmManager(
                baseSystems,
                pmRoot,
                Duration.ofSeconds(settings.startTimeoutSeconds),
                resourceLink::pmFailed,
                pmJvm::oneAtATime,
                pmWork);
        List<String> adopted = pms.adoptOrCleanUpLeftovers();
        if (!adopted.isEmpty()) {
            LOG.info(
                    "module host {}: took over {} PM(s) a previous run left running: {}",
                    hostName(),
                    adopted.size(),
                    adopted);
        }
        linuxNetns
                .pool()
                .cleanUpLeftovers(); // idle slots of a previous run: after adoption, which may need their records
        // After adoption, so the PMs that survived are claimed; before any create_pm can arrive.
        sweeper = new NetworkSweeper(claims, this::liveNetworkIds);
        sweeper.start(SWEEP_SECONDS);
        linuxNetns.pool().enable(pmJvm.pooled());
        startLoadReports();
        resourceLink.start(); // registers once the server runs (register_host carries our URL)
        LOG.info(
                "module host {}: PM isolation {}; switch {}{}",
                hostName(),
                isolation.describe(),
                bridge,
                bridge.bridgeExists() ? "" : " (not there yet: create_pm will fail until it exists)");
    }

    /** The PM instance ids whose networks are in use: this host's PMs and its warm pool's slots. */
    private java.util.Set<String> liveNetworkIds() {
        java.util.Set<String> ids = new java.util.HashSet<>(linuxNetns.pool().liveIds());
        pms.list().forEach(pm -> ids.add(pm.id()));
        return ids;
    }

    /** How PMs created from now on start (set_pm_startup): the warm pool fills in {@code pooled} mode, empties otherwise. */
    public void pmStartup(PmJvm.Mode mode) {
        pmStartup(mode, null);
    }

    /** As {@link #pmStartup(PmJvm.Mode)}; {@code poolSlots}, unless null, sets the warm pool's idle slots per size. */
    public void pmStartup(PmJvm.Mode mode, Integer poolSlots) {
        if (poolSlots != null) {
            linuxNetns.pool().resize(poolSlots);
        }
        pmJvm.mode(mode);
        if (mode != PmJvm.Mode.COLD && pmJvm.aotCache().state().equals("not built")) {
            pmJvm.aotCache().prepare();
        }
        linuxNetns.pool().enable(pmJvm.pooled());
    }

    /** get_load's pm_startup: the mode, the AOT cache and the warm pool. */
    public PmStartup pmStartupState() {
        return new PmStartup(
                pmJvm.mode().wireName(),
                pmJvm.aotCache().state(),
                linuxNetns.pool().describe());
    }

    private void startLoadReports() {
        DaemonConfig.Peer openflow = config().peers.get("openflow");
        if (settings.loadBalancerId < 0) {
            return;
        }
        if (openflow == null || openflow.url.isEmpty()) {
            throw new IllegalArgumentException(
                    "settings.loadBalancerId is set but peers.openflow is not: where should load reports go?");
        }
        loadReporter =
                new LoadReporter(openflow, settings.loadBalancerId, () -> LoadReporter.samplersIn(elementStatsByPm()));
        loadReporter.start(Math.max(1, settings.loadReportSeconds));
    }

    /** Every PM's element statistics, as its runtime last reported them: PM name to element name to counters. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> elementStatsByPm() {
        Map<String, Map<String, Object>> byPm = new LinkedHashMap<>();
        for (PmInstance pm : pms.list()) {
            if (pm.handle() != null && pm.handle().stats().get("elements") instanceof Map<?, ?> elements) {
                byPm.put(pm.name(), (Map<String, Object>) elements);
            }
        }
        return byPm;
    }

    public LoadReporter loadReporter() {
        return loadReporter;
    }

    @Override
    protected void onStop() {
        if (loadReporter != null) {
            loadReporter.close();
        }
        if (resourceLink != null) {
            resourceLink.stop();
        }
        if (sweeper != null) {
            sweeper.close();
        }
        if (linuxNetns != null) {
            linuxNetns.pool().close();
        }
        if (pms != null) {
            pms.deleteAll();
        }
        if (sweeper != null) {
            sweeper.sweep(); // a PM whose removal failed just now leaves nothing behind either
        }
    }

    public ModuleHostSettings settings() {
        return settings;
    }

    public PmManager pms() {
        return pms;
    }

    public ElementRegistry registry() {
        return registry;
    }

    public ElementDeployer deployer() {
        return deployer;
    }

    public ElementCatalog catalog() {
        return catalog;
    }

    public BaseSystems baseSystems() {
        return baseSystems;
    }

    /** How this host starts PM JVMs (start-up mode, AOT cache). */
    public PmJvm pmJvm() {
        return pmJvm;
    }

    public Isolation isolation() {
        return isolation;
    }

    public OvsBridge bridge() {
        return bridge;
    }

    public String hostName() {
        if (!settings.hostName.isEmpty()) {
            return settings.hostName;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    public int cpuCores() {
        return settings.cpuCores > 0 ? settings.cpuCores : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Memory offered to PMs: the setting or the machine's total, less what a full warm pool holds when PMs start pooled
     * (each idle slot about {@link #WARM_SLOT_MB} resident, measured: docs/modulehost-daemon.md "Warm pool").
     */
    public long memoryMb() {
        long offered = settings.memoryMb > 0 ? settings.memoryMb : HostLoadReader.totalMemoryMb();
        boolean pooled = linuxNetns != null && pmJvm.pooled();
        return offered - (pooled ? (long) linuxNetns.pool().capacity() * WARM_SLOT_MB : 0);
    }

    /** An idle warm slot's resident memory, rounded up (37.7-38.1 MB measured for an idle PM). */
    static final int WARM_SLOT_MB = 40;

    /** get_load's answer, read fresh. */
    public HostLoad load() {
        return HostLoadReader.of(this);
    }

    /** Whether register_host has succeeded (false when no resource daemon is configured). */
    public boolean registered() {
        return resourceLink.registered();
    }
}
