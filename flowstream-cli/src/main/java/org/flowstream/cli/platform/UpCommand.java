package org.flowstream.cli.platform;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.flowstream.cli.FlowstreamCli;
import org.flowstream.common.config.FlowstreamHome;
import org.flowstream.common.ovs.OpenVswitch;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.resource.HostListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * flowstream up: the whole platform on this machine. Open vSwitch in userspace mode with a private run
 * directory, the platform bridge, two traffic hosts in network namespaces, and every daemon as a program of a
 * private supervisord (which restarts one that dies), with its log under run/logs. Run again on a running
 * platform, it starts only the daemons that are down and leaves the rest, and their traffic, alone.
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = "Run the whole platform on this machine (as root): Open vSwitch, traffic hosts, every daemon.")
public final class UpCommand implements Callable<Integer> {

    @Option(
            names = "--module-hosts",
            defaultValue = "2",
            paramLabel = "N",
            description =
                    "Module hosts to start, each in its own network namespace with its own address (1-8; default ${DEFAULT-VALUE}).")
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
        Supervisor supervisor = new Supervisor(layout);
        Progress progress = new Progress(System.out);
        try {
            // Only while the rest of the platform runs: after down, the database file is all that is left.
            if (OvsProcesses.onlyDatabaseDown(layout.ovsDir())
                    && (supervisor.running() || OvsProcesses.running(layout.ovsDir()))) {
                progress.step(
                        "ovsdb-server is not running; starting it again on its database "
                                + layout.ovsDir().resolve("conf.db"),
                        () -> {
                            OvsProcesses.startDatabase(layout.ovsDir());
                            return null;
                        });
            }
            if (OvsProcesses.onlyVswitchdDown(layout.ovsDir())) {
                progress.step(
                        "ovs-vswitchd is not running; starting it again on its database (the openflow daemon reinstalls the rules)",
                        () -> {
                            OvsProcesses.startVswitchd(layout.ovsDir());
                            return null;
                        });
            }
            Optional<String> missing = PlatformHealth.missingInfrastructure(layout, supervisor);
            if (missing.isEmpty()) {
                startWhatIsDown(layout, supervisor, progress);
            } else if (PlatformHealth.onlySupervisordDied(layout, supervisor)) {
                superviseAgain(layout, supervisor, progress);
                startWhatIsDown(layout, supervisor, progress);
            } else {
                if (PlatformHealth.anythingRunning(layout, supervisor)) {
                    progress.note("a previous platform is partly running (%s); taking it down first."
                            .formatted(missing.get()));
                    new DownCommand().call();
                }
                bringUp(layout, supervisor, new PlatformState(), progress);
            }
        } catch (Exception e) {
            System.err.printf(
                    "%nup failed: %s%nlogs are in %s; bin/flowstream down removes what was started.%n",
                    e.getMessage(), layout.logDir());
            return 1;
        }
        progress.note("the platform is up");
        printSummary(layout, Credentials.loadOrCreate(layout.credentialsFile()));
        return 0;
    }

    /**
     * The switch, namespaces and supervisord are there: start (in stage order) only the daemons supervisord does not
     * count as running, leaving the others, and the traffic through them, alone.
     */
    private static void startWhatIsDown(PlatformLayout layout, Supervisor supervisor, Progress progress)
            throws Exception {
        Map<String, ProgramStatus> programs =
                supervisor.status().stream().collect(Collectors.toMap(ProgramStatus::name, p -> p));
        boolean anyDown = false;
        Credentials credentials = Credentials.loadOrCreate(layout.credentialsFile());
        for (List<PlatformLayout.DaemonSpec> stage : layout.startStages()) {
            List<PlatformLayout.DaemonSpec> down = stage.stream()
                    .filter(d -> !programs.containsKey(d.name())
                            || !programs.get(d.name()).isRunning())
                    .toList();
            if (!down.isEmpty()) {
                anyDown = true;
                String was = down.stream()
                        .map(d -> d.name() + " "
                                + (programs.containsKey(d.name())
                                        ? programs.get(d.name()).state()
                                        : "MISSING"))
                        .collect(Collectors.joining(", "));
                progress.step("starting what is down (" + was + "); the rest keeps running", () -> {
                    startStage(layout, supervisor, down, credentials);
                    return null;
                });
            }
        }
        if (!anyDown) {
            System.out.println("the platform is already running.");
            return;
        }
        progress.step("waiting for the module hosts to register with the resource daemon", () -> {
            awaitModuleHosts(layout, credentials);
            return null;
        });
    }

    /**
     * supervisord died and left its daemons running with nobody to restart them: they are stopped (module hosts
     * with SIGKILL, so their PMs and the traffic through them stay and the next module host adopts them; the rest
     * cleanly) and a new supervisord is started, which runs them again. The switch and the namespaces stay.
     */
    private static void superviseAgain(PlatformLayout layout, Supervisor supervisor, Progress progress)
            throws Exception {
        Map<String, Long> left = LeftoverDaemons.find(layout.runDir().getParent());
        progress.step(
                "supervisord (pid %s) is gone; stopping the daemons it left unsupervised %s (module hosts' PMs stay)"
                        .formatted(supervisor.pid().map(String::valueOf).orElse("unknown"), left),
                () -> {
                    LeftoverDaemons.stop(left, true);
                    return null;
                });
        progress.step("starting supervisord again (" + supervisor.configFile() + ")", () -> {
            supervisor.writeConfig(SupervisorConfig.render(layout, launcher()));
            supervisor.start();
            return null;
        });
    }

    private static void bringUp(PlatformLayout layout, Supervisor supervisor, PlatformState state, Progress progress)
            throws Exception {
        Credentials credentials = Credentials.loadOrCreate(layout.credentialsFile());
        OpenVswitch ovs = progress.step(
                "starting Open vSwitch (userspace datapath, run directory " + layout.ovsDir() + ")",
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
        progress.step(
                "creating the management network %s (%s) and %d module host namespaces"
                        .formatted(
                                layout.management().bridge(),
                                layout.management().controllerAddress(),
                                layout.moduleHosts().size()),
                () -> {
                    ModuleHostNetwork.create(layout);
                    return null;
                });
        progress.step(
                "writing the daemons' configurations (mode 0600, each owned by its daemon's user) and starting supervisord ("
                        + supervisor.configFile() + ")",
                () -> {
                    SystemUser.ensure(PlatformLayout.SERVICE_USER);
                    for (PlatformLayout.DaemonSpec daemon : layout.daemons()) {
                        Path config = DaemonConfigs.write(layout, daemon, credentials);
                        PrivateFiles.giveTo(config, daemon.user());
                        PrivateFiles.ownDirectory(layout.stateDir(daemon), daemon.user());
                    }
                    Files.createDirectories(layout.logDir());
                    supervisor.writeConfig(SupervisorConfig.render(layout, launcher()));
                    supervisor.start();
                    return null;
                });
        state.supervisorStarted = true;
        state.write(layout.stateFile());
        for (List<PlatformLayout.DaemonSpec> stage : layout.startStages()) {
            progress.step("starting " + describe(stage) + " (logs in " + layout.logDir() + ")", () -> {
                startStage(layout, supervisor, stage, credentials);
                return null;
            });
        }
        progress.step("waiting for the module hosts to register with the resource daemon", () -> {
            awaitModuleHosts(layout, credentials);
            return null;
        });
    }

    /** Has supervisord start the daemons of one stage at once (JVM start-up is most of the wait), then waits for each to answer. */
    private static void startStage(
            PlatformLayout layout,
            Supervisor supervisor,
            List<PlatformLayout.DaemonSpec> stage,
            Credentials credentials)
            throws Exception {
        // A daemon supervisord is already starting again (STARTING, BACKOFF) is left to it: asking again is an error.
        Map<String, String> states =
                supervisor.status().stream().collect(Collectors.toMap(ProgramStatus::name, ProgramStatus::state));
        List<String> names = stage.stream()
                .map(PlatformLayout.DaemonSpec::name)
                .filter(n -> !Set.of("STARTING", "BACKOFF", "RUNNING").contains(states.getOrDefault(n, "STOPPED")))
                .toList();
        try {
            if (!names.isEmpty()) {
                supervisor.startPrograms(names);
            }
            supervisor.awaitRunning(
                    stage.stream().map(PlatformLayout.DaemonSpec::name).toList());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("%s%n%s"
                    .formatted(
                            e.getMessage(),
                            stage.stream()
                                    .map(d -> "the log %s ends with:%n%s"
                                            .formatted(layout.log(d), DaemonProcesses.tail(layout.log(d))))
                                    .collect(Collectors.joining("\n"))));
        }
        Map<String, Long> pids =
                supervisor.status().stream().collect(Collectors.toMap(ProgramStatus::name, ProgramStatus::pid));
        for (PlatformLayout.DaemonSpec daemon : stage) {
            long pid = pids.getOrDefault(daemon.name(), 0L);
            DaemonProcesses.awaitReady(
                    daemon.name(),
                    () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    URI.create(daemon.url()),
                    credentials.operator(),
                    credentials.operatorPassword(),
                    layout.log(daemon));
        }
    }

    /** How supervisord runs this program: the same JVM and class path as this command, so the daemons run this build. */
    private static List<String> launcher() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(
                java,
                "-Dflowstream.home=" + FlowstreamHome.path(),
                "-cp",
                System.getProperty("java.class.path"),
                FlowstreamCli.class.getName());
    }

    private static String describe(List<PlatformLayout.DaemonSpec> stage) {
        return stage.stream()
                .map(d -> d.isModuleHost()
                        ? "module host %s (namespace %s, %s)".formatted(d.hostName(), d.namespace(), d.url())
                        : "the %s daemon (%s)".formatted(d.name(), d.url()))
                .collect(Collectors.joining(", "));
    }

    private static void awaitModuleHosts(PlatformLayout layout, Credentials credentials) throws InterruptedException {
        DaemonClient resource = new DaemonClient(
                URI.create(layout.daemon("resource").url()),
                credentials.operator(),
                credentials.operatorPassword(),
                5000);
        Set<String> expected = layout.moduleHosts().stream()
                .map(PlatformLayout.DaemonSpec::hostName)
                .collect(Collectors.toSet());
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
        throw new IllegalStateException("module hosts %s did not register within a minute; see their logs in %s"
                .formatted(missing, layout.logDir()));
    }

    /** The hosts list_hosts answers as up; none while the resource daemon answers no list yet. */
    private static Set<String> registeredHosts(Object listHosts) {
        Set<String> names = new HashSet<>();
        if (listHosts instanceof Object[]) {
            for (HostListing host : Structs.fromArray(listHosts, HostListing.class)) {
                if (host.up()) {
                    names.add(host.name());
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
        System.out.printf(
                "  %-17s %s (OpenFlow controller at 127.0.0.1:%d)%n", "switch", layout.bridge(), layout.openflowPort());
        for (PlatformLayout.TrafficHost h : layout.trafficHosts()) {
            System.out.printf(
                    "  %-17s namespace %s, %s on switch port %d%n", h.name(), h.namespace(), h.address(), h.ofport());
        }
        System.out.printf(
                "  accounts          tenant %s and operator %s, passwords in %s%n",
                credentials.tenant(), credentials.operator(), layout.credentialsFile());
        System.out.println();
        System.out.println("next: bin/flowstream submit examples/firewall-counter-mirror.click");
        System.out.println("stop: bin/flowstream down");
    }
}
