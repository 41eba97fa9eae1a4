package org.flowstream.cli.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The platform's daemons found by their command lines ({@code daemon KIND --config run/config/NAME.json}), whoever
 * started them. When supervisord dies (kill -9, OOM) its daemons keep running with nobody watching them; up and
 * down find them here, and stop them so that a new supervisord can run them again, or so that nothing is left.
 */
public final class LeftoverDaemons {

    private LeftoverDaemons() {}

    /** Daemon name to pid, for every daemon of this installation's platform that runs (any number of module hosts). */
    static Map<String, Long> find(Path home) {
        Map<String, Long> found = new LinkedHashMap<>();
        for (PlatformLayout.DaemonSpec d :
                PlatformLayout.standard(home, PlatformLayout.MAX_MODULE_HOSTS).daemons()) {
            pidOf(home, d.name()).ifPresent(pid -> found.put(d.name(), pid));
        }
        return found;
    }

    /**
     * The pid of the daemon ("resource", "modulehost-mh1", ...) that runs with this installation's configuration
     * file for it, written absolute or relative to the installation.
     */
    public static Optional<Long> pidOf(Path home, String daemon) {
        String file = "config/" + daemon + ".json\0";
        return ProcessHandle.allProcesses()
                .map(ProcessHandle::pid)
                .filter(pid -> {
                    String commandLine = commandLine(pid);
                    return commandLine.contains("\0daemon\0")
                            && (commandLine.contains("\0" + home + "/run/" + file)
                                    || commandLine.contains("\0run/" + file));
                })
                .findFirst();
    }

    /**
     * Stops daemons nobody supervises: SIGTERM, their clean shutdown, and SIGKILL after a grace period. With
     * {@code keepPms}, a module host gets SIGKILL instead, as if it had crashed: its PMs keep running (its clean
     * shutdown would remove them, and their traffic) and the module host started next adopts them.
     */
    static void stop(Map<String, Long> daemons, boolean keepPms) throws InterruptedException {
        for (Map.Entry<String, Long> d : daemons.entrySet()) {
            Optional<ProcessHandle> process = ProcessHandle.of(d.getValue());
            if (keepPms && d.getKey().startsWith("modulehost-") && process.isPresent()) {
                process.get().destroyForcibly();
                process.get().onExit().join();
            } else {
                DaemonProcesses.stop(d.getValue());
            }
        }
    }

    private static String commandLine(long pid) {
        try {
            return new String(
                    Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
