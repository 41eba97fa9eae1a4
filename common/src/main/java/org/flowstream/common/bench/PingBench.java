package org.flowstream.common.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flowstream.common.auth.PasswordHash;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.daemon.PlainDaemon;
import org.flowstream.common.rpc.DaemonClient;

/**
 * Calls per second and latency of the cheapest daemon call (ping) at several concurrencies, beside Apache
 * XML-RPC's bare stream server on the JDK's HTTP server, measured in the same run (bench api). With slow
 * clients, each concurrency is measured again while that many slow connections are held ({@link SlowClients}).
 */
public final class PingBench {

    private final List<Integer> clients;
    private final double seconds;
    private final Path tasksDir;
    private final int slowClients;

    public PingBench(List<Integer> clients, double seconds, Path tasksDir, int slowClients) {
        this.clients = List.copyOf(clients);
        this.seconds = seconds;
        this.tasksDir = tasksDir;
        this.slowClients = slowClients;
    }

    private static final String USER = "bench";
    private static final String PASSWORD = "bench-password";

    /** One row per concurrency: the daemon's figures, the bare handler's, and their throughput ratio. */
    public List<Map<String, Object>> run() throws Exception {
        Path state = Files.createTempDirectory("flowstream-bench-api");
        DaemonConfig config = new DaemonConfig();
        config.tasksDir = tasksDir.toString();
        config.stateDir = state.toString();
        config.server.threads =
                Math.max(8, clients.stream().mapToInt(Integer::intValue).max().orElse(8));
        // hashed as bin/flowstream up writes it: the figures include PBKDF2 at each client's first call and the cache
        // after
        config.users =
                List.of(UserAccount.hashed(USER, PasswordHash.of(PASSWORD).encoded(), Role.SERVICE));
        PlainDaemon daemon = new PlainDaemon("bench", config);
        daemon.start();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (BareXmlRpcServer bare = new BareXmlRpcServer(config.server.threads)) {
            for (int n : clients) {
                Map<String, Object> baseline = measure(bare.url(), "", "", n);
                Map<String, Object> flowstream = measure(daemon.url(), USER, PASSWORD, n);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("clients", n);
                row.put("daemon", flowstream);
                row.put("bare_apache_xmlrpc", baseline);
                row.put(
                        "throughput_ratio",
                        round((double) flowstream.get("calls_per_second") / (double) baseline.get("calls_per_second")));
                if (slowClients > 0) {
                    Map<String, Object> underAbuse = measureWhileSlowClientsAreHeld(daemon, n);
                    row.put("daemon_with_slow_clients", underAbuse);
                    row.put(
                            "slow_clients_throughput_ratio",
                            round((double) underAbuse.get("calls_per_second")
                                    / (double) flowstream.get("calls_per_second")));
                }
                rows.add(row);
            }
        } finally {
            daemon.stop();
            org.flowstream.common.io.FileTrees.delete(state);
        }
        return rows;
    }

    /** The daemon's figures while {@link #slowClients} slow connections are held; warm-up included. */
    private Map<String, Object> measureWhileSlowClientsAreHeld(PlainDaemon daemon, int clientCount) throws Exception {
        String authorization = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((USER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (SlowClients slow = SlowClients.hold(daemon.port(), slowClients, authorization)) {
            Map<String, Object> figures = measure(daemon.url(), USER, PASSWORD, clientCount);
            figures.put("slow_clients", slow.count());
            figures.put("slow_clients_still_held", slow.allStillOpen());
            return figures;
        }
    }

    private Map<String, Object> measure(URI url, String user, String password, int clientCount) throws Exception {
        run(url, user, password, clientCount, 1.0); // warm-up: JIT, connections
        return run(url, user, password, clientCount, seconds);
    }

    private static Map<String, Object> run(URI url, String user, String password, int clientCount, double seconds)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clientCount);
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        List<Future<LatencyRecorder>> futures = new ArrayList<>();
        for (int i = 0; i < clientCount; i++) {
            futures.add(pool.submit(() -> {
                DaemonClient client = new DaemonClient(url, user, password, 30_000);
                LatencyRecorder mine = new LatencyRecorder();
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    if (!client.call("ping").isSuccess()) {
                        throw new IllegalStateException("ping failed against " + url);
                    }
                    mine.record(System.nanoTime() - t0);
                }
                return mine;
            }));
        }
        LatencyRecorder all = new LatencyRecorder();
        for (Future<LatencyRecorder> f : futures) {
            all.merge(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("calls", all.count());
        figures.put("calls_per_second", round(all.count() / elapsed));
        figures.put("p50_ms", round(all.percentileMillis(50)));
        figures.put("p99_ms", round(all.percentileMillis(99)));
        return figures;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
