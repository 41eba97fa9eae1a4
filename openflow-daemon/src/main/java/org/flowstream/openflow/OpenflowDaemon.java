package org.flowstream.openflow;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.flowstream.common.config.ConfigLoader;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.daemon.Daemon;
import org.flowstream.openflow.balancing.BalancerService;
import org.flowstream.openflow.balancing.BalancerStore;
import org.flowstream.openflow.channel.OpenflowController;
import org.flowstream.openflow.connections.ConnectionManager;
import org.flowstream.openflow.connections.PlatformRules;
import org.flowstream.openflow.offloading.OffloadService;
import org.flowstream.openflow.offloading.OffloadStore;
import org.flowstream.openflow.rules.RuleManager;
import org.flowstream.openflow.rules.RuleStore;
import org.flowstream.openflow.rules.openflow.OpenflowSwitchDrivers;
import org.flowstream.openflow.stats.StatsCollector;
import org.flowstream.openflow.switches.SwitchRegistry;

/**
 * The openflow daemon (§3.1): an OpenFlow controller for the platform's switch. It keeps the rules the
 * platform wants on each switch (persisted in its state directory, reconciled whenever a switch connects),
 * turns allocations' wiring into rules, collects flow and port statistics, and runs the prefix load balancers
 * (§2.2) and TFO offloads (§2.4), each as one rule set of its own. Its commands live in
 * tasks/openflow/ and reach these parts through {@code ctx.daemon(OpenflowDaemon.class)}.
 */
public class OpenflowDaemon extends Daemon {

    public static final String NAME = "openflow";

    private final OpenflowSettings settings;
    private SwitchRegistry switches;
    private RuleManager rules;
    private ConnectionManager connections;
    private StatsCollector stats;
    private BalancerService balancers;
    private OffloadService offloads;
    private OpenflowController controller;
    private InetSocketAddress tcpAddress;

    public OpenflowDaemon(DaemonConfig config) {
        super(NAME, config);
        this.settings = ConfigLoader.settings(config, OpenflowSettings.class);
    }

    @Override
    protected void onStart() throws Exception {
        Duration timeout = Duration.ofMillis(settings.requestTimeoutMillis);
        switches = new SwitchRegistry();
        rules = new RuleManager(
                new OpenflowSwitchDrivers(switches, timeout),
                new RuleStore(stateDir().resolve("openflow-rules.json")));
        PlatformRules.keepOnEverySwitch(rules); // before any switch can connect
        connections = new ConnectionManager(rules, stateDir().resolve("openflow-connections.json"));
        stats = new StatsCollector(switches, Duration.ofMillis(settings.statsIntervalMillis), timeout);
        balancers = new BalancerService(
                rules, switches, stats, new BalancerStore(stateDir().resolve("openflow-balancers.json")));
        offloads = new OffloadService(
                rules, switches, stats, new OffloadStore(stateDir().resolve("openflow-offloads.json")));
        controller = new OpenflowController(switches, Duration.ofMillis(settings.echoIntervalMillis));
        try {
            if (settings.listenPort >= 0) {
                tcpAddress = controller.listenTcp(settings.listenAddress, settings.listenPort);
            }
            if (!settings.listenUnix.isBlank()) {
                controller.listenUnix(Path.of(settings.listenUnix));
            }
            settings.connect.forEach(controller::connect);
        } catch (Exception e) {
            onStop();
            throw e;
        }
    }

    @Override
    protected void onStop() {
        if (controller != null) {
            controller.close();
        }
        if (balancers != null) {
            balancers.close();
        }
        if (offloads != null) {
            offloads.close();
        }
        if (stats != null) {
            stats.close();
        }
        if (rules != null) {
            rules.close();
        }
    }

    public OpenflowSettings settings() {
        return settings;
    }

    public SwitchRegistry switches() {
        return switches;
    }

    public RuleManager rules() {
        return rules;
    }

    public ConnectionManager connections() {
        return connections;
    }

    public StatsCollector stats() {
        return stats;
    }

    /** The prefix load balancers (§2.2) running on the switches. */
    public BalancerService balancers() {
        return balancers;
    }

    /** The TFO offloads (§2.4) running on the switches. */
    public OffloadService offloads() {
        return offloads;
    }

    public OpenflowController controller() {
        return controller;
    }

    /** Where switches reach the controller over TCP, when it listens there. */
    public Optional<InetSocketAddress> openflowAddress() {
        return Optional.ofNullable(tcpAddress);
    }
}
