package org.flowstream.cli.platform;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowstream.common.config.FlowstreamHome;
import picocli.CommandLine.Command;

/** flowstream down: stops exactly what up started and removes its namespaces, interfaces and bridge. */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the platform that up started and remove what it created.")
public final class DownCommand implements Callable<Integer> {

    @picocli.CommandLine.Option(names = "--purge", description = "Also forget the platform's state (allocations, rules, PM types), so the next up starts empty.")
    boolean purge;

    @Override
    public Integer call() throws Exception {
        // Paths and names only: whatever number of module hosts up started, their namespaces share one prefix.
        PlatformLayout layout = PlatformLayout.standard(FlowstreamHome.path(), 1);
        PlatformState state = PlatformState.read(layout.stateFile()).orElseGet(PlatformState::new);
        Progress progress = new Progress(System.out);
        List<Map.Entry<String, Long>> daemons = new ArrayList<>(state.daemonPids.entrySet());
        Collections.reverse(daemons); // module hosts before the resource daemon, so their PMs go while the others still run
        for (Map.Entry<String, Long> daemon : daemons) {
            boolean killed = progress.step("stopping the %s daemon (pid %d)".formatted(daemon.getKey(), daemon.getValue()),
                    () -> DaemonProcesses.stop(daemon.getValue()));
            if (killed) {
                progress.note("the %s daemon did not stop within its grace time and was killed".formatted(daemon.getKey()));
            }
        }
        progress.step("removing traffic hosts, module host namespaces and any PM a dead module host left behind", () -> {
            TrafficHosts.delete(layout);
            LeftoverPms.remove();
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
}
