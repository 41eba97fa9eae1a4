package org.flowstream.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.daemon.Daemon;
import org.flowstream.common.rpc.DaemonClient;

/**
 * A daemon with no functionality of its own, serving the shared tasks/common sources plus whatever a test
 * drops into its private task directory. Started on a free loopback port with one tenant and one operator.
 */
public final class TestDaemon extends Daemon implements AutoCloseable {

    public static final String OPERATOR = "op";
    public static final String OPERATOR_PASSWORD = "op-secret";
    public static final String TENANT = "alice";
    public static final String TENANT_PASSWORD = "alice-secret";
    public static final String OTHER_TENANT = "bob";
    public static final String OTHER_TENANT_PASSWORD = "bob-secret";

    private TestDaemon(DaemonConfig config) {
        super("test", config);
    }

    /** A config for a test daemon whose task root is a copy of the repository's tasks/common in {@code dir}. */
    public static DaemonConfig config(Path dir) {
        DaemonConfig config = new DaemonConfig();
        config.port = 0;
        config.tasksDir = dir.resolve("tasks").toString();
        config.stateDir = dir.resolve("state").toString();
        config.users = List.of(
                new UserAccount(OPERATOR, OPERATOR_PASSWORD, Role.OPERATOR),
                new UserAccount(TENANT, TENANT_PASSWORD, Role.TENANT),
                new UserAccount(OTHER_TENANT, OTHER_TENANT_PASSWORD, Role.TENANT));
        copyCommonTasks(dir.resolve("tasks"));
        return config;
    }

    public static TestDaemon start(DaemonConfig config) throws Exception {
        TestDaemon daemon = new TestDaemon(config);
        daemon.start();
        return daemon;
    }

    public static TestDaemon start(Path dir) throws Exception {
        return start(config(dir));
    }

    /** A peer entry that calls the daemon at {@code url} as this class's operator, as the stand-in daemons expect. */
    public static DaemonConfig.Peer operatorPeer(String url) {
        return DaemonConfig.Peer.of(url, OPERATOR, OPERATOR_PASSWORD);
    }

    public DaemonClient operator() {
        return new DaemonClient(url(), OPERATOR, OPERATOR_PASSWORD, 30_000);
    }

    public DaemonClient tenant() {
        return new DaemonClient(url(), TENANT, TENANT_PASSWORD, 30_000);
    }

    public DaemonClient otherTenant() {
        return new DaemonClient(url(), OTHER_TENANT, OTHER_TENANT_PASSWORD, 30_000);
    }

    /** Writes a task source into this daemon's directory for the test daemon ("test/Name.java"). */
    public Path writeTask(String className, String source) throws IOException {
        Path file = tasks().root().resolve("test").resolve(className + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        return file;
    }

    /** Tenants may call what is declared for them, as on the resource daemon (tests of the front door's rules). */
    @Override
    public org.flowstream.common.auth.AccessPolicy accessPolicy() {
        return org.flowstream.common.auth.AccessPolicy.frontDoor(name());
    }

    @Override
    public void close() {
        stop();
    }

    /** The repository's tasks/ directory, found from the module directory tests run in. */
    public static Path repositoryTasks() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("tasks/common"))) {
                return dir.resolve("tasks");
            }
        }
        throw new IllegalStateException("cannot find the repository's tasks/ directory above "
                + Path.of("").toAbsolutePath());
    }

    private static void copyCommonTasks(Path tasksRoot) {
        try {
            Path target = tasksRoot.resolve("common");
            Files.createDirectories(target);
            Files.createDirectories(tasksRoot.resolve("test"));
            try (Stream<Path> files = Files.list(repositoryTasks().resolve("common"))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
