package org.flowstream.resource.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.bench.LatencyRecorder;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.config.FlowstreamHome;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.element.PortCount;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.catalogue.MapPmCatalogue;
import org.flowstream.lang.catalogue.PmType;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.placement.online.OnlinePlacer;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.hosts.ModuleHost;
import org.flowstream.resource.placer.EngineServicePlacer;

/**
 * bench api --method install_allocation: allocations per second and latency from install_allocation until
 * get_allocation says active, for one tenant and for sixteen at once, beside the placement engine's own time
 * for the same requests, so the daemon's overhead shows as a ratio. Module host and switch are stand-ins
 * that answer at once (see StandInDaemons).
 */
public final class InstallAllocationBench {

    private static final int TENANTS = 16;

    private InstallAllocationBench() {}

    public static Map<String, Object> run(int allocations) throws Exception {
        Path dir = Files.createTempDirectory("flowstream-bench-install");
        Map<String, Object> out = new LinkedHashMap<>();
        try (StandInDaemons standIns = new StandInDaemons(dir)) {
            ResourceDaemon resource = startResource(dir, standIns);
            try {
                register(resource, standIns);
                daemonRun(resource, 1, Math.min(allocations, 50)); // warm-up: JIT, connections, compiled tasks
                out.put("one_tenant", daemonRun(resource, 1, allocations));
                out.put("sixteen_tenants", daemonRun(resource, TENANTS, allocations));
            } finally {
                resource.stop();
            }
        } finally {
            org.flowstream.common.io.FileTrees.delete(dir);
        }
        Map<String, Object> engine = engineRun(allocations);
        out.put("placement_engine", engine);
        @SuppressWarnings("unchecked")
        Map<String, Object> one = (Map<String, Object>) out.get("one_tenant");
        out.put(
                "daemon_over_engine_p50",
                round((double) one.get("p50_ms") / Math.max(1e-6, (double) engine.get("p50_ms"))));
        return out;
    }

    private static ResourceDaemon startResource(Path dir, StandInDaemons standIns) throws Exception {
        DaemonConfig config = new DaemonConfig();
        config.tasksDir = FlowstreamHome.resolve("tasks").toString();
        config.stateDir = dir.resolve("resource").toString();
        config.server.threads = 64;
        List<UserAccount> users = new ArrayList<>(List.of(new UserAccount("operator", "operator-pw", Role.OPERATOR)));
        for (int t = 0; t < TENANTS; t++) {
            users.add(new UserAccount("tenant" + t, "pw" + t, Role.TENANT));
        }
        config.users = users;
        config.peers = Map.of("openflow", peer(standIns.openflow.url().toString()), "modulehost", peer(""));
        Map<String, Integer> io = new LinkedHashMap<>();
        io.put("net0", 1);
        io.put("net1", 2);
        // The stand-in module host sends no heartbeats: without a long timeout it is marked down after the
        // default 15 s, mid-run, and the allocations placed on it fail.
        config.settings = new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(Map.of(
                        "ioPorts",
                        io,
                        "hostTimeoutSeconds",
                        3600,
                        "quotas",
                        Map.of(
                                "defaults",
                                Map.of(
                                        "cpuCores",
                                        1e9,
                                        "memoryMb",
                                        1_000_000_000_000L,
                                        "allocations",
                                        1_000_000_000))));
        ResourceDaemon resource = new ResourceDaemon(config);
        resource.start();
        return resource;
    }

    private static DaemonConfig.Peer peer(String url) {
        return DaemonConfig.Peer.of(url, StandInDaemons.USER, StandInDaemons.PASSWORD);
    }

    private static void register(ResourceDaemon resource, StandInDaemons standIns) {
        DaemonClient operator = new DaemonClient(resource.url(), "operator", "operator-pw", 30_000);
        ReturnValue r = operator.call(
                "register_host",
                StandInHost.registration("mh1", standIns.moduleHost.url().toString(), 1e7, 1_000_000_000));
        if (!r.isSuccess()) {
            throw new IllegalStateException("register_host: " + r.message());
        }
    }

    /** Each of {@code tenants} clients installs its share one after another, timing each until active. */
    private static Map<String, Object> daemonRun(ResourceDaemon resource, int tenants, int allocations)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tenants);
        List<Future<LatencyRecorder>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < tenants; t++) {
            int tenant = t;
            int share = allocations / tenants + (t < allocations % tenants ? 1 : 0);
            futures.add(pool.submit(() -> {
                DaemonClient client = new DaemonClient(resource.url(), "tenant" + tenant, "pw" + tenant, 60_000);
                LatencyRecorder latencies = new LatencyRecorder();
                for (int i = 0; i < share; i++) {
                    long t0 = System.nanoTime();
                    ReturnValue accepted = client.call("install_allocation", StandInHost.distinctRequest());
                    int id = (Integer) accepted.value();
                    ReturnValue status;
                    do {
                        status = client.call("get_allocation", id);
                    } while (status.isNotReady());
                    if (!status.isSuccess()) {
                        throw new IllegalStateException("allocation " + id + ": " + status.message());
                    }
                    latencies.record(System.nanoTime() - t0);
                }
                return latencies;
            }));
        }
        LatencyRecorder all = new LatencyRecorder();
        for (Future<LatencyRecorder> f : futures) {
            all.merge(f.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return figures(all, seconds);
    }

    /** The placement engine alone, placing the same request as many times into the same platform. */
    private static Map<String, Object> engineRun(int allocations) {
        MapPmCatalogue catalogue = new MapPmCatalogue(List.of(
                new PmType("IPFilter", PortCount.fixed(1), PortCount.range(1, 2), 0.5, 128, ""),
                new PmType("Counter", PortCount.fixed(1), PortCount.fixed(1), 0.25, 96, "")));
        NetworkService service = AllocationLanguage.check("bench", StandInHost.REQUEST, catalogue)
                .service();
        List<ModuleHost> hosts = List.of(new ModuleHost("mh1", "", 1e7, 1_000_000_000, List.of(), List.of(), true, 0));
        EngineServicePlacer placer = new EngineServicePlacer(List.of("net0", "net1"), OnlinePlacer.Options.defaults());
        for (int i = 0; i < Math.min(allocations, 50); i++) {
            placer.place(1_000_000 + i, service, hosts); // warm-up
        }
        LatencyRecorder latencies = new LatencyRecorder();
        long start = System.nanoTime();
        for (int i = 0; i < allocations; i++) {
            long t0 = System.nanoTime();
            placer.place(i + 1, service, hosts);
            latencies.record(System.nanoTime() - t0);
        }
        return figures(latencies, (System.nanoTime() - start) / 1e9);
    }

    private static Map<String, Object> figures(LatencyRecorder latencies, double seconds) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("allocations", latencies.count());
        f.put("per_second", round(latencies.count() / seconds));
        f.put("p50_ms", round(latencies.percentileMillis(50)));
        f.put("p99_ms", round(latencies.percentileMillis(99)));
        return f;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
