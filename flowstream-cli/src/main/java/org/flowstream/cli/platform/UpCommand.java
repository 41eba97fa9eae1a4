package org.flowstream.cli.platform;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.flowstream.common.config.FlowstreamHome;
import org.flowstream.common.ovs.OpenVswitch;
import org.flowstream.common.rpc.DaemonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * flowstream up: the whole platform on this machine. Open vSwitch in userspace mode with a private run
 * directory, the platform bridge, two traffic hosts in network namespaces, and every daemon as a process of
 * its own with its log under run/logs. Running it again while the platform runs changes nothing.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the whole platform on this machine (as root): Open vSwitch, traffic hosts, every daemon.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--module-hosts", defaultValue = "2", paramLabel = "N",
            description = "Module hosts to start, each in its own network namespace with its own address (1-8; default ${DEFAULT-VALUE}).")
    int moduleHosts;

    @Override
    public Integer call() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("up creates network namespaces and an Open vSwitch bridge: run it as root");
            return 1;
        }
        if (moduleHosts < 1 || moduleHosts > PlatformLayout.MAX_MODULE_HOSTS) {
            System.err.printf("--module-hosts must be between 1 and %d%n", PlatformLayout.MAX_MODULE_HOSTS);
            return 2;
        }
        PlatformLayout layout = PlatformLayout.standard(FlowstreamHome.path(), moduleHosts);
        PlatformState state = PlatformState.read(layout.stateFile()).orElseGet(PlatformState::new);
        Set<String> wanted = layout.daemons().stream().map(PlatformLayout.DaemonSpec::name).collect(Collectors.toSet());
        Set<String> running = state.liveDaemons().keySet();
        if (running.equals(wanted)) {
            System.out.println("the platform is already running.");
            printSummary(layout, Credentials.loadOrCreate(layout.credentialsFile()));
            return 0;
        }
        if (!running.isEmpty() || OvsProcesses.running(layout.ovsDir())) {
            System.out.println(running.containsAll(state.daemonPids.keySet()) && !running.isEmpty()
                    ? "the platform runs with other module hosts (%s); taking it down to start %d.".formatted(new TreeSet<>(running), moduleHosts)
                    : "a previous platform is partly running; taking it down first.");
            new DownCommand().call();
        }
        Progress progress = new Progress(System.out);
        try {
            bringUp(layout, new PlatformState(), progress);
        } catch (Exception e) {
            System.err.printf("%nup failed: %s%nlogs are in %s; bin/flowstream down removes what was started.%n", e.getMessage(), layout.logDir());
            return 1;
        }
        progress.note("the platform is up");
        printSummary(layout, Credentials.loadOrCreate(layout.credentialsFile()));
        return 0;
    }

    private static void bringUp(PlatformLayout layout, PlatformState state, Progress progress) throws Exception {
        Credentials credentials = Credentials.loadOrCreate(layout.credentialsFile());
        OpenVswitch ovs = progress.step("starting Open vSwitch (userspace datapath, run directory " + layout.ovsDir() + ")",
                () -> OpenVswitch.start(OpenVswitch.Options.inDirectory(layout.ovsDir())));
        state.ovsStarted = true;
        state.write(layout.stateFile());
        progress.step("creating the platform bridge " + layout.bridge(), () -> {
            ovs.addBridge(layout.bridge());
            ovs.setProtocols(layout.bridge(), "OpenFlow10", "OpenFlow13");
            ovs.vsctl("set-fail-mode", layout.bridge(), "secure");
            ovs.setController(layout.bridge(), "tcp:127.0.0.1:" + layout.openflowPort());
            return null;
        });
        state.bridgeCreated = true;
        state.write(layout.stateFile());
        progress.step("creating traffic hosts h1 (10.10.1.1) and h2 (10.10.1.2)", () -> {
            TrafficHosts.create(layout, ovs);
            return null;
        });
        state.trafficHostsCreated = true;
        state.write(layout.stateFile());
        progress.step("creating the management network %s (%s) and %d module host namespaces".formatted(layout.management().bridge(),
                layout.management().controllerAddress(), layout.moduleHosts().size()), () -> {
            ModuleHostNetwork.create(layout);
            return null;
        });
        for (List<PlatformLayout.DaemonSpec> stage : layout.startStages()) {
            progress.step("starting " + describe(stage) + " (logs in " + layout.logDir() + ")", () -> {
                startTogether(layout, stage, state, credentials);
                return null;
            });
        }
        progress.step("waiting for the module hosts to register with the resource daemon", () -> {
            awaitModuleHosts(layout, credentials);
            return null;
        });
    }

    /** Starts the daemons of one stage at once (JVM start-up is most of the wait), then waits for each to answer. */
    private static void startTogether(PlatformLayout layout, List<PlatformLayout.DaemonSpec> stage, PlatformState state, Credentials credentials) throws Exception {
        Map<PlatformLayout.DaemonSpec, Long> started = new LinkedHashMap<>();
        for (PlatformLayout.DaemonSpec daemon : stage) {
            Path config = DaemonConfigs.write(layout, daemon, credentials);
            long pid = DaemonProcesses.start(daemon, config, layout.log(daemon));
            state.daemonPids.put(daemon.name(), pid);
            state.write(layout.stateFile());
            started.put(daemon, pid);
        }
        for (Map.Entry<PlatformLayout.DaemonSpec, Long> daemon : started.entrySet()) {
            DaemonProcesses.awaitReady(daemon.getKey().name(), daemon.getValue(), URI.create(daemon.getKey().url()), credentials.operator(),
                    credentials.operatorPassword(), layout.log(daemon.getKey()));
        }
    }

    private static String describe(List<PlatformLayout.DaemonSpec> stage) {
        return stage.stream().map(d -> d.isModuleHost()
                ? "module host %s (namespace %s, %s)".formatted(d.hostName(), d.namespace(), d.url())
                : "the %s daemon (%s)".formatted(d.name(), d.url())).collect(Collectors.joining(", "));
    }

    private static void awaitModuleHosts(PlatformLayout layout, Credentials credentials) throws InterruptedException {
        DaemonClient resource = new DaemonClient(URI.create(layout.daemon("resource").url()), credentials.operator(), credentials.operatorPassword(), 5000);
        Set<String> expected = layout.moduleHosts().stream().map(PlatformLayout.DaemonSpec::hostName).collect(Collectors.toSet());
        Set<String> registered = Set.of();
        for (int i = 0; i < 240; i++) {
            registered = registeredHosts(resource.call("list_hosts").value());
            if (registered.containsAll(expected)) {
                return;
            }
            Thread.sleep(250);
        }
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(registered);
        throw new IllegalStateException("module hosts %s did not register within a minute; see their logs in %s".formatted(missing, layout.logDir()));
    }

    private static Set<String> registeredHosts(Object listHosts) {
        Set<String> names = new HashSet<>();
        if (listHosts instanceof Object[] hosts) {
            for (Object host : hosts) {
                if (host instanceof Map<?, ?> h && Boolean.TRUE.equals(h.get("up"))) {
                    names.add(String.valueOf(h.get("name")));
                }
            }
        }
        return names;
    }

    private static void printSummary(PlatformLayout layout, Credentials credentials) {
        System.out.println();
        for (PlatformLayout.DaemonSpec d : layout.daemons()) {
            String where = d.namespace().isEmpty() ? "" : " (namespace " + d.namespace() + ")";
            System.out.printf("  %-17s %s%s   log: %s%n", d.name(), d.url(), where, layout.log(d));
        }
        System.out.printf("  %-17s %s (OpenFlow controller at 127.0.0.1:%d)%n", "switch", layout.bridge(), layout.openflowPort());
        for (PlatformLayout.TrafficHost h : layout.trafficHosts()) {
            System.out.printf("  %-17s namespace %s, %s on switch port %d%n", h.name(), h.namespace(), h.address(), h.ofport());
        }
        System.out.printf("  accounts          tenant %s and operator %s, passwords in %s%n", credentials.tenant(), credentials.operator(), layout.credentialsFile());
        System.out.println();
        System.out.println("next: bin/flowstream submit examples/firewall-counter-mirror.click");
        System.out.println("stop: bin/flowstream down");
    }
}
