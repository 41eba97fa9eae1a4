package org.flowstream.modulehost.ownership;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.flowstream.common.io.OwnerOnly;
import org.flowstream.common.io.PropertiesFiles;
import org.flowstream.modulehost.net.OvsBridge;
import org.flowstream.modulehost.net.PmNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PM networks one module host owns: one file per network, {@code <stateDir>/owned/<id>.properties}, saying
 * which namespace and interfaces it made and for whom ({@link #owner()}: the module host's state directory, which
 * names both the platform and the module host). A claim is written before the namespace exists and released only
 * once the namespace, its veths and its switch ports are all gone, so a clean-up cut short (a killed daemon, an
 * interrupted {@code ip netns delete}) leaves a claim that the {@link NetworkSweeper} finishes. Leftover checks
 * read the claims with {@link #readAll}: what is not claimed here is not this module host's.
 */
public final class NetworkClaims {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkClaims.class);
    /** One claimed network: its PM id, namespace and outer interface names (switch ports). */
    public record Claim(String id, String owner, String namespace, List<String> interfaces) {}

    private final Path dir;
    private final OvsBridge switchPorts;

    private NetworkClaims(Path dir, OvsBridge switchPorts) {
        this.dir = dir;
        this.switchPorts = switchPorts;
    }

    /**
     * The claims of the module host whose state directory this is, on its switch, which tags the ports it adds
     * with {@link #ownerOf(Path) ownerOf(stateDir)}.
     */
    public static NetworkClaims of(Path stateDir, OvsBridge switchPorts) {
        if (!switchPorts.owner().equals(ownerOf(stateDir))) {
            throw new IllegalArgumentException("%s tags its ports as '%s', not as the owner of %s"
                    .formatted(switchPorts, switchPorts.owner(), stateDir));
        }
        return new NetworkClaims(stateDir.toAbsolutePath().normalize().resolve("owned"), switchPorts);
    }

    /** The owner a module host's state directory stands for: that directory, absolute (platform and host in one). */
    public static String ownerOf(Path stateDir) {
        return stateDir.toAbsolutePath().normalize().toString();
    }

    /** Who owns what is claimed here: the tag on the switch ports and in each claim. */
    public String owner() {
        return switchPorts.owner();
    }

    public OvsBridge switchPorts() {
        return switchPorts;
    }

    /** Records the network of PM {@code id} before any of it is made. */
    public void claim(String id, String namespace, List<String> interfaces) {
        Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("owner", owner());
        p.setProperty("namespace", namespace);
        p.setProperty("interfaces", String.join(",", interfaces));
        p.setProperty("claimed", Instant.now().toString());
        Path file = fileOf(id);
        try {
            OwnerOnly.createDirectories(dir);
            PropertiesFiles.write(file, p, "PM network owned by " + owner());
        } catch (IOException e) {
            // Without its claim a network would be nobody's once its PM is gone: do not make it.
            throw new IllegalStateException(
                    "cannot record the PM network %s in %s (%s); check that the state directory is writable"
                            .formatted(namespace, dir, e.getMessage()),
                    e);
        }
    }

    /** Whether PM {@code id}'s network is claimed here. */
    public boolean isClaimed(String id) {
        return Files.isRegularFile(fileOf(id));
    }

    /**
     * Releases the claim of PM {@code id} when its namespace, veths and switch ports are all gone; otherwise keeps
     * it (the sweeper tries again) and says what is still there.
     *
     * @return whether the claim is gone
     */
    public boolean releaseIfGone(String id) {
        Optional<Claim> claim = read(fileOf(id));
        if (claim.isEmpty()) {
            return true;
        }
        List<String> remaining = remainingOf(claim.get());
        if (!remaining.isEmpty()) {
            LOG.warn("PM network {} is not all gone ({} still there); its claim stays for the sweeper", id, remaining);
            return false;
        }
        return forget(id);
    }

    /**
     * Releases the claim of PM {@code id} at once when its removal showed every part gone ({@code PmNetwork.delete()}
     * true); otherwise as {@link #releaseIfGone}, after looking.
     *
     * @return whether the claim is gone
     */
    public boolean release(String id, boolean seenGone) {
        return seenGone ? forget(id) : releaseIfGone(id);
    }

    private boolean forget(String id) {
        try {
            Files.deleteIfExists(fileOf(id));
            return true;
        } catch (IOException e) {
            LOG.warn("cannot remove the claim {}: {}", fileOf(id), e.getMessage());
            return false;
        }
    }

    /**
     * What of a claimed network still exists: its namespace, its interfaces on the switch or on either side. Three
     * processes at most, whatever the port count (it was three per port, and ran at the end of every delete_pm).
     */
    List<String> remainingOf(Claim claim) {
        List<String> remaining = new ArrayList<>();
        if (PmNetwork.namespaceExists(claim.namespace())) {
            remaining.add("namespace " + claim.namespace());
        }
        if (claim.interfaces().isEmpty()) {
            return remaining;
        }
        Set<String> onSwitch = switchPorts.portNames();
        Set<String> links = PmNetwork.linkNames(switchPorts);
        for (String ifname : claim.interfaces()) {
            if (onSwitch.contains(ifname) || links.contains(ifname)) {
                remaining.add("interface " + ifname);
            }
        }
        return remaining;
    }

    /** Every claim of this module host. */
    public List<Claim> all() {
        return readAll(dir);
    }

    /** The claims in an {@code owned} directory (a module host's, read by leftover checks); unreadable ones skipped. */
    public static List<Claim> readAll(Path ownedDir) {
        if (!Files.isDirectory(ownedDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(ownedDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".properties"))
                    .sorted()
                    .map(NetworkClaims::read)
                    .flatMap(Optional::stream)
                    .toList();
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", ownedDir, e.getMessage());
            return List.of();
        }
    }

    /** The claims of every module host whose state directory is under {@code platformState} (run/state). */
    public static List<Claim> readAllUnder(Path platformState) {
        if (!Files.isDirectory(platformState)) {
            return List.of();
        }
        try (Stream<Path> hosts = Files.list(platformState)) {
            return hosts.map(h -> h.resolve("owned"))
                    .sorted()
                    .flatMap(d -> readAll(d).stream())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<Claim> read(Path file) {
        Properties p;
        try {
            p = PropertiesFiles.read(file).orElse(null);
        } catch (IOException e) {
            LOG.warn("cannot read the claim {}: {}", file, e.getMessage());
            return Optional.empty();
        }
        if (p == null) {
            return Optional.empty();
        }
        String id = p.getProperty("id", "");
        String namespace = p.getProperty("namespace", "");
        if (id.isEmpty() || namespace.isEmpty()) {
            LOG.warn("the claim {} names no id or namespace; ignored", file);
            return Optional.empty();
        }
        String interfaces = p.getProperty("interfaces", "");
        return Optional.of(new Claim(
                id,
                p.getProperty("owner", ""),
                namespace,
                interfaces.isEmpty() ? List.of() : List.of(interfaces.split(","))));
    }

    private Path fileOf(String id) {
        if (!id.matches("[0-9a-zA-Z_-]{1,32}")) {
            throw new IllegalArgumentException("not a PM network id: '" + id + "'");
        }
        return dir.resolve(id + ".properties");
    }

    @Override
    public String toString() {
        return "PM network claims in " + dir;
    }
}
