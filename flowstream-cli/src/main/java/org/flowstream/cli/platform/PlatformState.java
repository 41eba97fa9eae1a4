package org.flowstream.cli.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What up started, written as it goes (daemon pids, traffic hosts), so that down stops exactly that, even
 * after a failed or interrupted up.
 */
public final class PlatformState {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Map<String, Long> daemonPids = new LinkedHashMap<>();
    public boolean ovsStarted;
    public boolean bridgeCreated;
    public boolean trafficHostsCreated;

    static Optional<PlatformState> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(file.toFile(), PlatformState.class));
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(temporary.toFile(), this);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Daemons of this state whose process still runs. */
    Map<String, Long> liveDaemons() {
        Map<String, Long> live = new LinkedHashMap<>();
        daemonPids.forEach((name, pid) -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(p -> live.put(name, pid)));
        return live;
    }
}
