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
 * What up started, written as it goes (Open vSwitch, bridge, traffic hosts, supervisord), so that down stops
 * exactly that, even after a failed or interrupted up. supervisord knows the daemons and their pids.
 */
public final class PlatformState {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Pids of daemons an up from before supervisord started directly (down still stops them); empty now. */
    public Map<String, Long> daemonPids = new LinkedHashMap<>();

    public boolean supervisorStarted;
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
}
