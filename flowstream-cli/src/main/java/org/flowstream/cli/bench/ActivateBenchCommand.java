package org.flowstream.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.cli.Settling;
import org.flowstream.cli.platform.Credentials;
import org.flowstream.common.config.FlowstreamHome;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.HostLoad;
import org.flowstream.contracts.records.modulehost.PmDescription;
import org.flowstream.contracts.records.modulehost.PmStartup;
import org.flowstream.contracts.records.modulehost.WarmPoolState;
import org.flowstream.contracts.records.resource.HostListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * bench activate: time from install_allocation to active and from delete_allocation to deleted, on the running
 * platform ({@code flowstream up}), for allocations of one and of three PMs, one after another and from several
 * concurrent clients; and the resident memory of the PMs (from the module hosts' list_pms, read from /proc).
 *
 * <p>Each module host is switched to each start-up mode in turn with set_pm_startup: {@code cold} (the way PMs
 * started before: cold JVM, the daemon's class path, one start at a time per host) is the baseline,
 * {@code fast} a light JVM started per PM, {@code pooled} fast with the module hosts' warm pools (create_pm configures a
 * pre-started runtime; each run starts with full pools and reports how many PMs came from them); all are measured in
 * the same run, on the same platform, with the same requests. The hosts are left in the mode they were in. Every allocation matches its own UDP port, so concurrent ones do
 * not overlap.
 */
@Command(
        name = "activate",
        mixinStandardHelpOptions = true,
        description =
                "Seconds from install_allocation to active and from delete_allocation to deleted on the running platform (up), "
                        + "1- and 3-PM allocations, sequential and concurrent, PM resident memory; fast and pooled PM start-up beside the cold baseline.")
public final class ActivateBenchCommand implements Callable<Integer> {

    @Option(
            names = "--sequential",
            description = "Allocations per size installed one after another (default: ${DEFAULT-VALUE}).")
    int sequential = 5;

    @Option(
            names = "--tenants",
            description =
                    "Concurrent clients, each installing and deleting one allocation per round (default: ${DEFAULT-VALUE}).")
    int tenants = 8;

    @Option(names = "--rounds", description = "Rounds of the concurrent clients (default: ${DEFAULT-VALUE}).")
    int rounds = 1;

    @Option(names = "--modes", split = ",", description = "Start-up modes, in order (default: ${DEFAULT-VALUE}).")
    List<String> modes = List.of("cold", "fast", "pooled");

    @Option(
            names = "--pool-slots",
            description =
                    "Idle warm runtimes per memory size on each module host in pooled mode (default: the hosts' setting, pmPoolSlots).")
    Integer poolSlots;

    @Option(
            names = "--idle-seconds",
            description =
                    "Seconds the first allocation of each kind stays active before its PMs' memory is read (default: ${DEFAULT-VALUE}).")
    int idleSeconds = 12;

    @Option(names = "--url", description = "Resource daemon URL (default: $FLOWSTREAM_URL or the one up wrote).")
    String url;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    private static final int TIMEOUT_SECONDS = 300;
    private final AtomicInteger nextPort = new AtomicInteger(20000);
    /** Seconds install_allocation took to answer (accepted), in the current run. */
    private final List<Double> installAnswered = Collections.synchronizedList(new ArrayList<>());

    private Map<String, String> env;

    @Override
    public Integer call() throws Exception {
        env = credentials();
        DaemonClient tenant = client(resourceUrl(), env.get("FLOWSTREAM_USER"), env.get("FLOWSTREAM_PASSWORD"));
        List<DaemonClient> hosts = moduleHosts();
        if (hosts.isEmpty()) {
            System.err.println("no module host is up: start the platform first (bin/flowstream up)");
            return 2;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bench", "activate");
        out.put("load_average_1m_at_start", loadAverage());
        out.put("module_hosts", hosts.size());
        List<String> modesBefore = new ArrayList<>();
        List<Object> poolSlotsBefore = new ArrayList<>();
        for (DaemonClient host : hosts) {
            modesBefore.add(startup(host).mode());
            poolSlotsBefore.add(pool(host).map(WarmPoolState::slotsPerSize).orElse(0));
        }
        Map<String, Object> byMode = new LinkedHashMap<>();
        for (String mode : modes) {
            setMode(hosts, mode, poolSlots);
            if (mode.equals("pooled")) {
                out.put(
                        "pool_slots_per_size",
                        pool(hosts.get(0)).map(WarmPoolState::slotsPerSize).orElse(0));
            }
            Map<String, Object> result = new LinkedHashMap<>();
            for (int pms : List.of(1, 3)) {
                Map<String, Object> size = new LinkedHashMap<>();
                awaitFullPools(hosts, mode);
                long[] before = poolCounts(hosts);
                size.put("sequential", withPoolCounts(sequentialRun(tenant, hosts, pms), hosts, before));
                awaitFullPools(hosts, mode);
                before = poolCounts(hosts);
                size.put("concurrent", withPoolCounts(concurrentRun(pms), hosts, before));
                result.put(pms + "_pm", size);
                progress("%s mode, %d PM(s): %s", mode, pms, size);
            }
            byMode.put(mode, result);
        }
        for (int i = 0; i < hosts.size(); i++) {
            hosts.get(i).call("set_pm_startup", modesBefore.get(i), poolSlotsBefore.get(i)); // as the bench found them
        }
        out.put("modes", byMode);
        out.put("ratios_cold_over_fast", ratios(byMode, "cold", "fast"));
        out.put("ratios_cold_over_pooled", ratios(byMode, "cold", "pooled"));
        out.put("ratios_fast_over_pooled", ratios(byMode, "fast", "pooled"));
        out.put("load_average_1m_at_end", loadAverage());
        out.put("target", "3-PM allocation to active: p50 <= 1 s, p99 <= 2 s; deletion likewise; idle PM RSS <= 40 MB");
        System.out.println(
                json
                        ? new ObjectMapper().writeValueAsString(out)
                        : new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return 0;
    }

    /** Allocations installed and deleted one after another; the PMs' memory measured while the first is active. */
    private Map<String, Object> sequentialRun(DaemonClient tenant, List<DaemonClient> hosts, int pms) {
        List<Double> toActive = new ArrayList<>();
        List<Double> toDeleted = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < sequential; i++) {
            try {
                double[] times =
                        installAndDelete(tenant, pms, rss.isEmpty() ? () -> rss.addAll(pmRss(hosts)) : () -> {});
                toActive.add(times[0]);
                toDeleted.add(times[1]);
            } catch (IllegalStateException e) {
                failures.add(e.getMessage());
            }
        }
        Map<String, Object> row = summary(toActive, toDeleted, failures);
        row.put(
                "pm_rss_mb",
                rss.stream().map(b -> Math.round(b / 1048576.0 * 10) / 10.0).toList());
        return row;
    }

    /** Several clients at once, each installing, awaiting, deleting and awaiting its own allocations. */
    private Map<String, Object> concurrentRun(int pms) throws Exception {
        List<Double> toActive = Collections.synchronizedList(new ArrayList<>());
        List<Double> toDeleted = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        installAnswered.clear();
        try (ExecutorService clients = Executors.newFixedThreadPool(tenants)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < tenants; c++) {
                running.add(clients.submit(() -> {
                    DaemonClient client =
                            client(resourceUrl(), env.get("FLOWSTREAM_USER"), env.get("FLOWSTREAM_PASSWORD"));
                    for (int r = 0; r < rounds; r++) {
                        try {
                            double[] times = installAndDelete(client, pms, () -> {});
                            toActive.add(times[0]);
                            toDeleted.add(times[1]);
                        } catch (IllegalStateException e) {
                            failures.add(e.getMessage());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        Map<String, Object> row = summary(toActive, toDeleted, failures);
        row.put("clients", tenants);
        row.put("install_answered_p50_s", percentile(installAnswered, 50));
        row.put("install_answered_p99_s", percentile(installAnswered, 99));
        return row;
    }

    /** Seconds to active and to deleted of one allocation; whileActive runs between the two. */
    private double[] installAndDelete(DaemonClient client, int pms, Runnable whileActive) {
        long start = System.nanoTime();
        ReturnValue accepted = client.call("install_allocation", request(pms, nextPort.getAndIncrement()));
        if (accepted.isFailure()) {
            throw new IllegalStateException("install_allocation refused: " + accepted.message());
        }
        int id = ((Number) accepted.value()).intValue();
        installAnswered.add((System.nanoTime() - start) / 1e9);
        ReturnValue active = Settling.await(client, id, TIMEOUT_SECONDS);
        double toActive = (System.nanoTime() - start) / 1e9;
        if (!active.isSuccess()) {
            client.call("delete_allocation", id); // a failed allocation holds nothing, but leave no record behind
            throw new IllegalStateException("allocation %d did not become active: %s".formatted(id, active.message()));
        }
        whileActive.run();
        start = System.nanoTime();
        ReturnValue deleting = client.call("delete_allocation", id);
        if (deleting.isFailure()) {
            throw new IllegalStateException("delete_allocation %d refused: %s".formatted(id, deleting.message()));
        }
        ReturnValue deleted = Settling.await(client, id, TIMEOUT_SECONDS);
        double toDeleted = (System.nanoTime() - start) / 1e9;
        if (!deleted.isSuccess()) {
            throw new IllegalStateException("allocation %d was not deleted: %s".formatted(id, deleted.message()));
        }
        return new double[] {toActive, toDeleted};
    }

    /** A chain of 1 or 3 PMs from h1 to h2, matching its own UDP destination port, small enough that 24 PMs fit. */
    static String request(int pms, int udpPort) {
        List<String> chain = List.of(
                        "fw :: IPFilter(deny udp dst port 9, allow all)", "count :: Counter", "mirror :: Mirror")
                .subList(0, pms == 1 ? 1 : 3);
        StringBuilder text = new StringBuilder("BASESYS=linux.netns\n");
        text.append(
                "in :: FromNet(\"udp,nw_src=10.10.1.1,nw_dst=10.10.1.2,tp_dst=%d\", IONODE h1)\n".formatted(udpPort));
        text.append("out :: ToNet(h2)\n");
        chain.forEach(line -> text.append(line).append('\n'));
        List<String> names =
                chain.stream().map(line -> line.substring(0, line.indexOf(' '))).toList();
        text.append("in -> ").append(String.join(" -> ", names)).append(" -> out\n");
        if (names.contains("mirror")) {
            text.append("mirror[1] -> copy :: ToNet(h2)\n");
        }
        List<String> notes = new ArrayList<>();
        for (String name : names) {
            notes.add("CPU %s 0.1".formatted(name));
            notes.add("MEMORY %s 128".formatted(name));
        }
        text.append("needs :: Placement(").append(String.join(", ", notes)).append(")\n");
        return text.toString();
    }

    /**
     * Resident memory of every PM on the hosts, from list_pms (the module host reads /proc), once they are idle: a PM
     * gives the C heap its start-up left free back every 2 s, once the JVM's chunk pool is cleaned (every 5 s).
     */
    private List<Long> pmRss(List<DaemonClient> hosts) {
        try {
            Thread.sleep(idleSeconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Long> rss = new ArrayList<>();
        for (DaemonClient host : hosts) {
            ReturnValue pms = host.call("list_pms");
            for (PmDescription pm : Structs.fromArray(pms.value(), PmDescription.class)) {
                if (pm.usage() != null && pm.usage().rssBytes() != null) {
                    rss.add(pm.usage().rssBytes());
                }
            }
        }
        return rss;
    }

    /**
     * Sets every host's start-up mode (and, pooled, its pool's size when given); in fast and pooled mode, waits until each
     * host's AOT cache is ready (or cannot be).
     */
    private static void setMode(List<DaemonClient> hosts, String mode, Integer poolSlots) throws InterruptedException {
        for (DaemonClient host : hosts) {
            ReturnValue answer = mode.equals("pooled") && poolSlots != null
                    ? host.call("set_pm_startup", mode, poolSlots)
                    : host.call("set_pm_startup", mode);
            if (!answer.isSuccess()) {
                throw new IllegalStateException("set_pm_startup refused: " + answer.message());
            }
        }
        if (mode.equals("cold")) {
            return;
        }
        long deadline = System.nanoTime() + 300_000_000_000L;
        for (DaemonClient host : hosts) {
            String state;
            do {
                state = Structs.fromStruct(host.call("get_load").value(), HostLoad.class)
                        .pmStartup()
                        .aotCache();
                if (state.equals("building")) {
                    Thread.sleep(500);
                }
            } while (state.equals("building") && System.nanoTime() < deadline);
            progress("module host AOT cache: %s", state);
        }
    }

    /**
     * In pooled mode, waits (at most three minutes) until every host's warm pool is full again, so each run starts from the
     * pool a host keeps when it is not busy; the runs themselves do not wait for refills.
     */
    private static void awaitFullPools(List<DaemonClient> hosts, String mode) throws InterruptedException {
        if (!mode.equals("pooled")) {
            return;
        }
        long deadline = System.nanoTime() + 180_000_000_000L;
        for (DaemonClient host : hosts) {
            while (System.nanoTime() < deadline) {
                Optional<WarmPoolState> pool = pool(host);
                boolean full = pool.isEmpty()
                        || pool.get().memoryMb().values().stream()
                                .allMatch(size -> size.warm() >= pool.get().slotsPerSize());
                if (full) {
                    break;
                }
                Thread.sleep(200);
            }
        }
    }

    private static PmStartup startup(DaemonClient host) {
        return Structs.fromStruct(host.call("get_load").value(), HostLoad.class).pmStartup();
    }

    /** The host's warm pool, if it reports one. */
    private static Optional<WarmPoolState> pool(DaemonClient host) {
        return Optional.ofNullable(startup(host).pool());
    }

    /** PMs made from warm slots and PMs that found none, summed over the hosts. */
    private static long[] poolCounts(List<DaemonClient> hosts) {
        long[] counts = new long[2];
        for (DaemonClient host : hosts) {
            Optional<WarmPoolState> pool = pool(host);
            counts[0] += pool.map(WarmPoolState::pmsFromSlots).orElse(0L);
            counts[1] += pool.map(WarmPoolState::pmsWithoutSlot).orElse(0L);
        }
        return counts;
    }

    /** Adds to a run's row how many of its PMs came from warm slots and how many started their own JVM. */
    private static Map<String, Object> withPoolCounts(
            Map<String, Object> row, List<DaemonClient> hosts, long[] before) {
        long[] after = poolCounts(hosts);
        row.put("pms_from_warm_slots", after[0] - before[0]);
        row.put("pms_without_warm_slot", after[1] - before[1]);
        return row;
    }

    private List<DaemonClient> moduleHosts() {
        DaemonClient operator =
                client(resourceUrl(), env.get("FLOWSTREAM_OPERATOR"), env.get("FLOWSTREAM_OPERATOR_PASSWORD"));
        ReturnValue answer = operator.call("list_hosts");
        if (!answer.isSuccess()) {
            throw new IllegalStateException("list_hosts refused: " + answer.message());
        }
        List<DaemonClient> hosts = new ArrayList<>();
        for (HostListing host : Structs.fromArray(answer.value(), HostListing.class)) {
            if (host.up()) {
                hosts.add(client(host.url(), env.get("FLOWSTREAM_OPERATOR"), env.get("FLOWSTREAM_OPERATOR_PASSWORD")));
            }
        }
        return hosts;
    }

    private static Map<String, Object> summary(List<Double> toActive, List<Double> toDeleted, List<String> failures) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("allocations", toActive.size());
        row.put("failed", failures.size());
        if (!failures.isEmpty()) {
            row.put("first_failure", failures.get(0));
        }
        row.put("active_p50_s", percentile(toActive, 50));
        row.put("active_p99_s", percentile(toActive, 99));
        row.put("deleted_p50_s", percentile(toDeleted, 50));
        row.put("deleted_p99_s", percentile(toDeleted, 99));
        return row;
    }

    /** Nearest-rank percentile, rounded to milliseconds. */
    static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return Math.round(sorted.get(Math.max(0, rank - 1)) * 1000) / 1000.0;
    }

    /** {@code over} / {@code under} of every p50 and p99, per size and run (empty unless both modes ran). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> ratios(Map<String, Object> byMode, String over, String under) {
        Map<String, Object> ratios = new LinkedHashMap<>();
        if (!(byMode.get(over) instanceof Map<?, ?> cold) || !(byMode.get(under) instanceof Map<?, ?> fast)) {
            return ratios;
        }
        for (String size : List.of("1_pm", "3_pm")) {
            for (String run : List.of("sequential", "concurrent")) {
                Map<String, Object> c = (Map<String, Object>) ((Map<String, Object>) cold.get(size)).get(run);
                Map<String, Object> f = (Map<String, Object>) ((Map<String, Object>) fast.get(size)).get(run);
                for (String figure : List.of("active_p50_s", "active_p99_s", "deleted_p50_s", "deleted_p99_s")) {
                    double ratio = ((Number) c.get(figure)).doubleValue()
                            / ((Number) f.get(figure)).doubleValue(); // NaN when a run had no success
                    ratios.put(size + "_" + run + "_" + figure.replace("_s", ""), Math.round(ratio * 100) / 100.0);
                }
            }
        }
        return ratios;
    }

    private String resourceUrl() {
        return url != null ? url : env.getOrDefault("FLOWSTREAM_URL", "http://127.0.0.1:7100/RPC2");
    }

    private static DaemonClient client(String url, String user, String password) {
        return new DaemonClient(URI.create(url), user == null ? "" : user, password == null ? "" : password, 60_000);
    }

    /** run/credentials.env as up wrote it, with the environment's FLOWSTREAM_* taking precedence. */
    private static Map<String, String> credentials() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            env.putAll(Credentials.read(FlowstreamHome.resolve("run/credentials.env")));
        } catch (IOException noFile) {
            // not started with up: the environment must say
        }
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("FLOWSTREAM_") && !v.isBlank()) {
                env.put(k, v);
            }
        });
        return env;
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void progress(String format, Object... args) {
        System.err.println("bench activate: " + format.formatted(args));
    }
}
