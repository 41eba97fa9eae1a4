package org.flowstream.cli.platform;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowstream.common.config.FlowstreamHome;
import picocli.CommandLine.Command;

/** flowstream down: stops exactly what up started (its daemons, then supervisord) and removes its namespaces, interfaces and bridge. */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = "Stop the platform that up started and remove what it created.")
public final class DownCommand implements Callable<Integer> {

    @picocli.CommandLine.Option(
            names = "--purge",
            description =
                    "Also forget the platform's state (allocations, rules, PM types), so the next up starts empty.")
    boolean purge;

    @Override
    public Integer call() throws Exception {
        // Paths and names only: whatever number of module hosts up started, their namespaces share one prefix.
        PlatformLayout layout = PlatformLayout.standard(FlowstreamHome.path(), 1);
        PlatformState state = PlatformState.read(layout.stateFile()).orElseGet(PlatformState::new);
        Progress progress = new Progress(System.out);
        Supervisor supervisor = new Supervisor(layout);
        if (supervisor.running()) {
            stopDaemons(supervisor, progress);
            progress.step("stopping supervisord", () -> {
                supervisor.shutdown();
                return null;
            });
        }
        stopDaemonsOfAnOlderUp(state, progress);
        stopUnsupervisedDaemons(layout, progress);
        progress.step(
                "removing traffic hosts, module host namespaces and any PM a dead module host left behind", () -> {
                    TrafficHosts.delete(layout);
                    LeftoverPms.remove(layout.runDir().resolve("state"));
                    ModuleHostNetwork.delete(layout);
                    return null;
                });
        progress.step("removing the bridge and stopping Open vSwitch", () -> {
            OvsProcesses.deleteBridge(layout.ovsDir(), layout.bridge());
            OvsProcesses.stop(layout.ovsDir());
            return null;
        });
        Files.deleteIfExists(layout.stateFile());
        if (purge) {
            progress.step("forgetting the platform's state (" + layout.runDir().resolve("state") + ")", () -> {
                org.flowstream.common.io.FileTrees.delete(layout.runDir().resolve("state"));
                return null;
            });
        }
        progress.note("the platform is down");
        return 0;
    }

    /**
     * Module hosts and the monitoring daemon first (module hosts remove their PMs while the others still run),
     * then the resource daemon, then the openflow daemon: the start order reversed.
     */
    private static void stopDaemons(Supervisor supervisor, Progress progress) throws Exception {
        List<String> running = supervisor.status().stream()
                .filter(p -> !p.state().equals("STOPPED")
                        && !p.state().equals("EXITED")
                        && !p.state().equals("FATAL"))
                .map(ProgramStatus::name)
                .toList();
        List<String> first = running.stream()
                .filter(n -> !n.equals("resource") && !n.equals("openflow"))
                .toList();
        for (List<String> stage : List.of(first, List.of("resource"), List.of("openflow"))) {
            List<String> names = stage.stream().filter(running::contains).toList();
            if (!names.isEmpty()) {
                progress.step("stopping " + String.join(", ", names), () -> {
                    supervisor.stopPrograms(names);
                    return null;
                });
            }
        }
    }

    /**
     * Daemons still running now have nobody watching them: supervisord died (kill -9) and left them. They are
     * stopped cleanly like supervisord would have, module hosts first (they remove their PMs).
     */
    private static void stopUnsupervisedDaemons(PlatformLayout layout, Progress progress) throws Exception {
        List<Map.Entry<String, Long>> left = new ArrayList<>(
                LeftoverDaemons.find(layout.runDir().getParent()).entrySet());
        if (left.isEmpty()) {
            return;
        }
        Collections.reverse(left); // the start order (openflow, resource, module hosts, monitoring) reversed
        Map<String, Long> inOrder = new java.util.LinkedHashMap<>();
        left.forEach(e -> inOrder.put(e.getKey(), e.getValue()));
        progress.step("stopping daemons no supervisord watches any more " + inOrder, () -> {
            LeftoverDaemons.stop(inOrder, false);
            return null;
        });
    }

    /** Daemons a platform started before supervisord took over recorded their pids; stop those too. */
    private static void stopDaemonsOfAnOlderUp(PlatformState state, Progress progress) throws Exception {
        List<Map.Entry<String, Long>> daemons = new ArrayList<>(state.daemonPids.entrySet());
        Collections.reverse(daemons);
        for (Map.Entry<String, Long> daemon : daemons) {
            if (ProcessHandle.of(daemon.getValue()).map(ProcessHandle::isAlive).orElse(false)) {
                progress.step(
                        "stopping the %s daemon (pid %d)".formatted(daemon.getKey(), daemon.getValue()),
                        () -> DaemonProcesses.stop(daemon.getValue()));
            }
        }
    }
}
