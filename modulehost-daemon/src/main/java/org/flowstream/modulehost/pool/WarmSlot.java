package org.flowstream.modulehost.pool;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowstream.modulehost.net.PmNetwork;
import org.flowstream.modulehost.pm.PmLimits;

/**
 * One pre-started PM runtime of the warm pool: a JVM already running in the network namespace and cgroup (with the
 * memory limit) its PM will have, waiting on its standard input for the PM it becomes ({@code runtime.WarmSlotRuntime}).
 * Its id is the id of that PM, so the namespace ({@code fspm-<id>}), the cgroup ({@code pm-<id>}) and the network claim
 * are already the PM's.
 *
 * @param dir     the slot's directory: {@code slot.properties} (its record, for clean-up after a crash), {@code warm}
 *                (created by the runtime once it waits), {@code pm.log} (its output, moved to the PM's directory)
 * @param network the namespace and the ports made ahead (a PM uses the first ones it needs)
 * @param limits  the cgroup, its memory limit in force and its CPU weight low while it waits
 */
public record WarmSlot(String id, int memoryMb, Path dir, PmNetwork network, PmLimits limits, Process process) {

    /** The slot's record (id, pid, memory), removed once it is a PM or gone. */
    public static final String RECORD = "slot.properties";

    /** Whether the runtime has started and waits for its PM. */
    public boolean isWarm() {
        return Files.exists(dir.resolve("warm"));
    }

    public Path logFile() {
        return dir.resolve("pm.log");
    }

    /** Tells the runtime which PM it is: the options PmMain takes, on one line of its standard input. */
    public void assign(List<String> pmMainArguments) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(("pm\t" + String.join("\t", pmMainArguments) + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }
}
