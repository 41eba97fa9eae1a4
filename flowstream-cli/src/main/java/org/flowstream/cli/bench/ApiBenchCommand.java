package org.flowstream.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowstream.common.bench.BenchOutput;
import org.flowstream.common.bench.PingBench;
import org.flowstream.common.config.FlowstreamHome;
import org.flowstream.resource.bench.InstallAllocationBench;
import org.flowstream.resource.bench.StoreWriteBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * bench api: the XML-RPC front door. With --method ping (the default), a no-op command at 1, 8 and 64
 * concurrent clients beside a bare Apache XML-RPC handler; with --method install_allocation, allocations per
 * second until active for one and sixteen tenants beside the placement engine's own time.
 */
@Command(
        name = "api",
        mixinStandardHelpOptions = true,
        description =
                "XML-RPC throughput and latency (ping vs a bare Apache XML-RPC handler, install_allocation vs the placement engine), "
                        + "or the resource store's durable writes per second (store: group commit vs one commit per write).")
public final class ApiBenchCommand implements Callable<Integer> {

    @Option(names = "--method", description = "ping, install_allocation or store (default: ${DEFAULT-VALUE}).")
    String method = "ping";

    @Option(
            names = "--clients",
            split = ",",
            description = "ping: concurrent clients per run (default: ${DEFAULT-VALUE}).")
    List<Integer> clients = List.of(1, 8, 64);

    @Option(
            names = "--seconds",
            description = "ping: measured seconds per run, after one second of warm-up (default: ${DEFAULT-VALUE}).")
    double seconds = 4;

    @Option(
            names = "--slow-clients",
            description =
                    "ping: also measure each concurrency while this many slow connections "
                            + "(half the headers, or headers and 5 of 100 body bytes) are held (default: ${DEFAULT-VALUE}: not measured).")
    int slowClients = 0;

    @Option(
            names = "--allocations",
            description = "install_allocation: allocations per run (default: ${DEFAULT-VALUE}).")
    int allocations = 400;

    @Mixin
    BenchOutput output;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bench", "api");
        out.put("method", method);
        switch (method) {
            case "ping" -> {
                List<Map<String, Object>> rows =
                        new PingBench(clients, seconds, FlowstreamHome.resolve("tasks"), slowClients).run();
                out.put("seconds_per_run", seconds);
                out.put("runs", rows);
                out.put("target", "throughput_ratio >= 0.8 at every concurrency");
                if (!output.json()) {
                    printPing(rows, output.out());
                    return 0;
                }
            }
            case "install_allocation" -> out.putAll(InstallAllocationBench.run(allocations));
            case "store" -> {
                out.put("writes_per_run", 2000);
                out.put("runs", StoreWriteBench.run(List.of(1, 4, 16), 2000));
            }
            default -> {
                return output.refuse("--method is ping, install_allocation or store");
            }
        }
        if (output.json()) {
            output.printJson(out);
        } else {
            output.out()
                    .println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static void printPing(List<Map<String, Object>> rows, PrintWriter out) {
        out.printf(
                "%-8s %14s %10s %10s %14s %10s %10s %7s%n",
                "clients", "daemon call/s", "p50 ms", "p99 ms", "bare call/s", "p50 ms", "p99 ms", "ratio");
        for (Map<String, Object> row : rows) {
            Map<String, Object> d = (Map<String, Object>) row.get("daemon");
            Map<String, Object> b = (Map<String, Object>) row.get("bare_apache_xmlrpc");
            out.printf(
                    "%-8s %14s %10s %10s %14s %10s %10s %7s%n",
                    row.get("clients"),
                    d.get("calls_per_second"),
                    d.get("p50_ms"),
                    d.get("p99_ms"),
                    b.get("calls_per_second"),
                    b.get("p50_ms"),
                    b.get("p99_ms"),
                    row.get("throughput_ratio"));
        }
        if (rows.isEmpty() || !rows.get(0).containsKey("daemon_with_slow_clients")) {
            return;
        }
        out.printf(
                "%nthe daemon again, while slow connections are held (ratio: calls/s against the daemon's own above)%n");
        out.printf(
                "%-8s %6s %14s %10s %10s %7s %12s%n",
                "clients", "slow", "daemon call/s", "p50 ms", "p99 ms", "ratio", "still held");
        for (Map<String, Object> row : rows) {
            Map<String, Object> s = (Map<String, Object>) row.get("daemon_with_slow_clients");
            out.printf(
                    "%-8s %6s %14s %10s %10s %7s %12s%n",
                    row.get("clients"),
                    s.get("slow_clients"),
                    s.get("calls_per_second"),
                    s.get("p50_ms"),
                    s.get("p99_ms"),
                    row.get("slow_clients_throughput_ratio"),
                    s.get("slow_clients_still_held"));
        }
        out.flush();
    }
}
