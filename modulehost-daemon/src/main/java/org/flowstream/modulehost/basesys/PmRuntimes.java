package org.flowstream.modulehost.basesys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.flowstream.common.io.PropertiesFiles;
import org.flowstream.modulehost.net.PmNetwork;
import org.flowstream.modulehost.pool.WarmSlot;
import org.flowstream.modulehost.runtime.PmMain;

/**
 * Which running process is which PM runtime, told by its command line: a record's pid may have been reused by another
 * process since. Read from /proc: ProcessHandle.Info has no command line at all when it is longer than a page, and a
 * PM's class path makes it longer.
 */
public final class PmRuntimes {

    private PmRuntimes() {}

    /**
     * Whether a process is the PM runtime started as this warm slot (its PM's options came later, on its input), the
     * directory however it is named (relative, through a link).
     */
    public static boolean runsSlot(long pid, Path slotDir) {
        List<String> args = commandLine(pid);
        int slot = args.indexOf("--slot");
        if (!args.contains(PmMain.class.getName()) || slot < 0 || slot + 1 >= args.size()) {
            return false;
        }
        try {
            return Files.isSameFile(Path.of(args.get(slot + 1)), slotDir);
        } catch (IOException e) {
            return false; // either is gone
        }
    }

    /** Whether a process is a PM runtime whose command line has {@code part} as one argument (its configuration). */
    static boolean commandLineHas(long pid, String part) {
        List<String> args = commandLine(pid);
        return args.contains(PmMain.class.getName()) && args.contains(part);
    }

    /** A process's arguments, none when it is gone. */
    private static List<String> commandLine(long pid) {
        try {
            return List.of(new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The namespaces of the warm slots whose runtime runs, of every module host whose state directory is under
     * {@code platformState} (run/state): claimed networks of a module host's pool, not leftovers. A slot record whose
     * process is gone is not one (a module host killed with slots waiting: the next one cleans it up).
     */
    public static Set<String> runningSlotNamespacesUnder(Path platformState) {
        Set<String> namespaces = new HashSet<>();
        for (Path slotDir : subdirectories(platformState).stream()
                .flatMap(host -> subdirectories(host.resolve("pool")).stream())
                .toList()) {
            try {
                Properties record =
                        PropertiesFiles.read(slotDir.resolve(WarmSlot.RECORD)).orElseGet(Properties::new);
                long pid = Long.parseLong(record.getProperty("pid", "-1"));
                if (runsSlot(pid, slotDir)) {
                    namespaces.add(PmNetwork.namespaceName(record.getProperty("id")));
                }
            } catch (IOException | RuntimeException e) {
                // removed or being rewritten meanwhile: not a running slot now
            }
        }
        return namespaces;
    }

    private static List<Path> subdirectories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
