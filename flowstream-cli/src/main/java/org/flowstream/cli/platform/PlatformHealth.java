package org.flowstream.cli.platform;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.flowstream.common.netns.NetworkNamespace;

/**
 * What up finds of a platform before it starts anything: whether the parts daemons cannot restart by themselves
 * (supervisord, Open vSwitch, the namespaces) are all there, so that only daemons need starting, or whether
 * something of an earlier platform runs that must go first.
 */
final class PlatformHealth {

    private PlatformHealth() {}

    /** Empty when supervisord, Open vSwitch and every namespace of {@code layout} are there; else what is missing, in words. */
    static Optional<String> missingInfrastructure(PlatformLayout layout, Supervisor supervisor) {
        if (!supervisor.running()) {
            return Optional.of("supervisord is not running");
        }
        List<String> missing = new ArrayList<>(missingSwitchOrNamespaces(layout));
        Set<String> programs =
                supervisor.status().stream().map(ProgramStatus::name).collect(Collectors.toCollection(TreeSet::new));
        if (!programs.equals(wantedPrograms(layout))) {
            missing.add("it runs the daemons %s, not %s".formatted(programs, wantedPrograms(layout)));
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", missing));
    }

    /**
     * Whether only supervision was lost: supervisord is gone (killed, crashed), while Open vSwitch, every namespace
     * and its configuration for exactly these daemons are still there, so a new supervisord can take the daemons
     * over without touching the switch, the PMs or their traffic.
     */
    static boolean onlySupervisordDied(PlatformLayout layout, Supervisor supervisor) {
        return !supervisor.running()
                && missingSwitchOrNamespaces(layout).isEmpty()
                && supervisor.configuredPrograms().equals(wantedPrograms(layout));
    }

    private static List<String> missingSwitchOrNamespaces(PlatformLayout layout) {
        List<String> missing = new ArrayList<>();
        if (!OvsProcesses.running(layout.ovsDir())) {
            missing.add("Open vSwitch is not running");
        }
        Set<String> namespaces = Set.copyOf(NetworkNamespace.list());
        List<String> absent = new ArrayList<>();
        layout.trafficHosts().forEach(h -> absent.add(h.namespace()));
        layout.moduleHosts().forEach(h -> absent.add(h.namespace()));
        absent.removeAll(namespaces);
        if (!absent.isEmpty()) {
            missing.add("namespaces " + String.join(", ", absent) + " are gone");
        }
        return missing;
    }

    private static Set<String> wantedPrograms(PlatformLayout layout) {
        return layout.daemons().stream()
                .map(PlatformLayout.DaemonSpec::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Whether anything of an earlier platform may still run: supervisord, Open vSwitch, or a record of what up started. */
    static boolean anythingRunning(PlatformLayout layout, Supervisor supervisor) {
        return supervisor
                        .pid()
                        .flatMap(ProcessHandle::of)
                        .map(ProcessHandle::isAlive)
                        .orElse(false)
                || OvsProcesses.running(layout.ovsDir())
                || Files.exists(layout.stateFile());
    }
}
