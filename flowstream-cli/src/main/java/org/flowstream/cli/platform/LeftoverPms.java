package org.flowstream.cli.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.common.netns.NetworkNamespace;
import org.flowstream.modulehost.ownership.NetworkClaims;

/**
 * A module host stopped cleanly removes its PMs. One that was killed leaves them running, each in its
 * namespace (named fspm-...): down stops their processes and removes the namespaces, whose veths go with them.
 *
 * <p>Only this platform's: other platforms, tests and benchmarks on the same kernel start PMs in fspm-
 * namespaces too. A namespace is this platform's when one of its module hosts claimed it (the claims under the
 * platform's state directory, written before the namespace is made: org.flowstream.modulehost.ownership) or when a
 * process in it runs from the platform's state directory.
 */
public final class LeftoverPms {

    private static final String PM_NAMESPACE_PREFIX = "fspm-";

    private LeftoverPms() {}

    static void remove(Path platformState) {
        Set<String> recorded = recordedNamespaces(platformState);
        for (String name : NetworkNamespace.list()) {
            if (!name.startsWith(PM_NAMESPACE_PREFIX)) {
                continue;
            }
            List<Long> pids = pidsIn(name);
            if (!recorded.contains(name) && pids.stream().noneMatch(pid -> runsFrom(pid, platformState))) {
                continue;
            }
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            NetworkNamespace.of(name).delete();
        }
    }

    /**
     * The namespaces of the PMs the platform's module hosts recorded: the networks they claim
     * (state/NAME/owned/ID.properties, org.flowstream.modulehost.ownership) and, from module hosts of before claims,
     * state/NAME/pms/PM/instance.properties.
     */
    private static Set<String> recordedNamespaces(Path platformState) {
        Set<String> namespaces = new TreeSet<>();
        NetworkClaims.readAllUnder(platformState).forEach(claim -> namespaces.add(claim.namespace()));
        try (Stream<Path> records = Files.exists(platformState)
                ? Files.find(
                        platformState, 4, (p, a) -> p.getFileName().toString().equals("instance.properties"))
                : Stream.empty()) {
            records.forEach(record -> {
                Properties p = new Properties();
                try (var in = Files.newInputStream(record)) {
                    p.load(in);
                    if (p.getProperty("id") != null) {
                        namespaces.add(PM_NAMESPACE_PREFIX + p.getProperty("id"));
                    }
                } catch (IOException e) {
                    // a record half gone: its namespace may still be found by its processes
                }
            });
        } catch (IOException e) {
            // no records readable: only processes tell
        }
        return namespaces;
    }

    private static List<Long> pidsIn(String namespace) {
        String pids =
                IpCommand.tryRun(List.of("ip", "netns", "pids", namespace)).output();
        return Stream.of(pids.split("\\s+"))
                .filter(p -> p.matches("\\d+"))
                .map(Long::parseLong)
                .toList();
    }

    /** Whether a process's command line names a file under the platform's state directory (a PM's --config). */
    private static boolean runsFrom(long pid, Path platformState) {
        try {
            String cmdline = new String(
                    Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
            return cmdline.contains(platformState.toAbsolutePath() + "/");
        } catch (IOException e) {
            return false;
        }
    }
}
