package org.flowstream.common.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.daemon.PlainDaemon;
import org.flowstream.common.rpc.DaemonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * bench api: calls per second and latency of the cheapest daemon call (ping) at several concurrencies,
 * beside Apache XML-RPC's bare stream server on the same HTTP server, measured in the same run.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "XML-RPC throughput and latency of a no-op command versus a bare Apache XML-RPC handler.")
public final class ApiBenchCommand implements Callable<Integer> {

    @Option(names = "--clients", split = ",", description = "Concurrent clients per run (default: ${DEFAULT-VALUE}).")
    List<Integer> clients = List.of(1, 8, 64);

    @Option(names = "--seconds", description = "Measured seconds per run, after one second of warm-up (default: ${DEFAULT-VALUE}).")
    double seconds = 4;

    @Option(names = "--tasks-dir", description = "The task directory holding common/Ping.java (default: ${DEFAULT-VALUE}).")
    Path tasksDir = org.flowstream.common.config.FlowstreamHome.resolve("tasks");

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    private static final String USER = "bench";
    private static final String PASSWORD = "bench-password";

    @Override
    public Integer call() throws Exception {
        Path state = Files.createTempDirectory("flowstream-bench-api");
        DaemonConfig config = new DaemonConfig();
        config.tasksDir = tasksDir.toString();
        config.stateDir = state.toString();
        config.server.threads = Math.max(8, clients.stream().mapToInt(Integer::intValue).max().orElse(8));
        config.users = List.of(new UserAccount(USER, PASSWORD, Role.TENANT));
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
                row.put("throughput_ratio", round((double) flowstream.get("calls_per_second") / (double) baseline.get("calls_per_second")));
                rows.add(row);
            }
        } finally {
            daemon.stop();
        }
        print(rows);
        return 0;
    }

    private Map<String, Object> measure(URI url, String user, String password, int clientCount) throws Exception {
        run(url, user, password, clientCount, 1.0); // warm-up: JIT, connections
        return run(url, user, password, clientCount, seconds);
    }

    private static Map<String, Object> run(URI url, String user, String password, int clientCount, double seconds) throws Exception {
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

    private void print(List<Map<String, Object>> rows) throws Exception {
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("bench", "api");
            out.put("method", "ping");
            out.put("seconds_per_run", seconds);
            out.put("runs", rows);
            out.put("target", "throughput_ratio >= 0.8 at every concurrency");
            System.out.println(new ObjectMapper().writeValueAsString(out));
            return;
        }
        System.out.printf("%-8s %14s %10s %10s %14s %10s %10s %7s%n", "clients", "daemon call/s", "p50 ms", "p99 ms", "bare call/s", "p50 ms", "p99 ms", "ratio");
        for (Map<String, Object> row : rows) {
            @SuppressWarnings("unchecked") Map<String, Object> d = (Map<String, Object>) row.get("daemon");
            @SuppressWarnings("unchecked") Map<String, Object> b = (Map<String, Object>) row.get("bare_apache_xmlrpc");
            System.out.printf("%-8s %14s %10s %10s %14s %10s %10s %7s%n", row.get("clients"), d.get("calls_per_second"), d.get("p50_ms"),
                    d.get("p99_ms"), b.get("calls_per_second"), b.get("p50_ms"), b.get("p99_ms"), row.get("throughput_ratio"));
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
