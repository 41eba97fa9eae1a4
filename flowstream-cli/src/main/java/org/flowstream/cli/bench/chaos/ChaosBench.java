package org.flowstream.cli.bench.chaos;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.flowstream.common.rpc.DaemonUnreachableException;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.resource.AllocationStatus;
import org.flowstream.contracts.records.resource.PlacedPm;

/**
 * The chaos schedule: a few allocations carry steady traffic while, round after round, one part of the platform
 * is killed with SIGKILL (a PM, a module host daemon, the openflow daemon, the resource daemon, Open vSwitch's
 * ovs-vswitchd or its ovsdb-server; chosen by a seeded shuffle), one allocation is installed during the fault and the oldest deleted
 * after it. Each round measures the datagrams each allocation lost, its longest silence, and the time to heal:
 * from the kill until every allocation is active again and the traffic of each is flowing again (the end of its
 * longest silence, when that silence began after the kill). Round 0 kills nothing: the baseline of the same.
 */
final class ChaosBench {

    static final List<String> FAULTS = List.of("pm", "modulehost", "openflow", "resource", "ovs", "ovsdb");
    private static final int FIRST_PORT = 7000;
    private static final int RATE = 50;
    private static final long HEAL_LIMIT_MILLIS = 120_000;

    private final ChaosPlatform platform;
    private final Random random;
    private final int rounds;
    private final int steady;
    /** How long each allocation's traffic runs per round (the fault comes 2 s in). */
    private final double streamSeconds;

    private final Deque<Live> live = new ArrayDeque<>();
    private final Set<Integer> acknowledged = new TreeSet<>();
    private final Set<Integer> deleted = new TreeSet<>();
    private int nextPort = FIRST_PORT;

    /** An allocation of the bench and the UDP port its traffic goes to. */
    record Live(int id, int port) {}

    ChaosBench(ChaosPlatform platform, long seed, int rounds, int steady, double streamSeconds) {
        this.platform = platform;
        this.streamSeconds = streamSeconds;
        this.random = new Random(seed);
        this.rounds = rounds;
        this.steady = steady;
    }

    Map<String, Object> run() throws Exception {
        for (int i = 0; i < steady; i++) {
            live.add(install());
        }
        awaitAllActive(System.currentTimeMillis());
        List<String> schedule = schedule();
        List<Map<String, Object>> results = new ArrayList<>();
        results.add(round("none"));
        for (String fault : schedule) {
            results.add(round(fault));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rounds", results);
        out.put("heal_seconds_by_fault", ChaosFigures.healPercentiles(results));
        out.put("baseline_lost_per_allocation", results.get(0).get("lost_max"));
        out.put("acknowledged", acknowledged.size());
        Set<Integer> expected = new TreeSet<>(acknowledged);
        expected.removeAll(deleted);
        long active = expected.stream().filter(this::isActive).count();
        out.put("expected_active", expected.size());
        out.put("active", active);
        out.put("acknowledged_lost", expected.size() - active);
        out.put("leftovers", platform.leftovers(expected));
        cleanUp();
        return out;
    }

    /** Each fault kind equally often, in a seeded order. */
    private List<String> schedule() {
        List<String> schedule = new ArrayList<>();
        while (schedule.size() < rounds) {
            List<String> kinds = new ArrayList<>(FAULTS);
            Collections.shuffle(kinds, random);
            schedule.addAll(kinds);
        }
        return schedule.subList(0, rounds);
    }

    private Map<String, Object> round(String fault) throws Exception {
        List<SteadyTraffic> streams = new ArrayList<>();
        for (Live a : live) {
            streams.add(SteadyTraffic.start("fs-h1", "fs-h2", "10.10.1.2", a.port(), RATE, streamSeconds));
        }
        Thread.sleep(2_000);
        long killedAt = System.currentTimeMillis();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("fault", fault);
        result.put("target", inject(fault));
        live.add(install()); // an install under way while the fault lasts
        double activeSeconds = awaitAllActive(killedAt) / 1000.0;
        List<SteadyTraffic.Outcome> outcomes = SteadyTraffic.awaitAll(streams);
        double trafficBackSeconds = Math.round(outcomes.stream()
                                .mapToDouble(o -> Math.max(0, o.longestGapEndEpochSeconds() - killedAt / 1000.0))
                                .max()
                                .orElse(0)
                        * 1000)
                / 1000.0;
        result.put("active_s", activeSeconds);
        result.put("traffic_back_s", trafficBackSeconds);
        result.put("heal_s", Math.max(activeSeconds, trafficBackSeconds));
        result.put("lost", outcomes.stream().map(SteadyTraffic.Outcome::lost).toList());
        result.put(
                "lost_max",
                outcomes.stream().mapToInt(SteadyTraffic.Outcome::lost).max().orElse(0));
        result.put(
                "longest_gap_s",
                outcomes.stream().map(SteadyTraffic.Outcome::longestGapSeconds).toList());
        result.put(
                "sent_per_allocation",
                outcomes.stream().map(SteadyTraffic.Outcome::sent).toList());
        delete(live.removeFirst());
        return result;
    }

    /** Kills one part with SIGKILL and has it started again when no supervisor does; returns what was killed. */
    private String inject(String fault) throws Exception {
        switch (fault) {
            case "none" -> {
                return "";
            }
            case "pm" -> {
                List<Live> candidates = new ArrayList<>(live);
                Live victim = candidates.get(random.nextInt(candidates.size()));
                List<PlacedPm> pms = Structs.fromStruct(
                                platform.tenant()
                                        .call("get_allocation", victim.id())
                                        .value(),
                                AllocationStatus.class)
                        .pms();
                String instance = pms.get(random.nextInt(pms.size())).instance();
                ChaosPlatform.killPid(platform.pms().get(instance).pid());
                return "PM " + instance;
            }
            case "ovs" -> {
                platform.killAndRestartSwitch();
                return "ovs-vswitchd";
            }
            case "ovsdb" -> {
                platform.killAndRestartDatabase();
                return "ovsdb-server";
            }
            case "modulehost" -> {
                List<String> hosts = new ArrayList<>(platform.moduleHosts().keySet());
                String daemon = "modulehost-" + hosts.get(random.nextInt(hosts.size()));
                restart(daemon, platform.kill(daemon));
                return daemon;
            }
            default -> {
                restart(fault, platform.kill(fault));
                return fault;
            }
        }
    }

    private void restart(String daemon, long killedPid) throws Exception {
        platform.restartUnlessSupervised(daemon, killedPid);
    }

    private Live install() throws InterruptedException {
        int port = nextPort++;
        String request = """
                BASESYS=linux.netns
                src :: FromNet("udp,nw_src=10.10.1.1,nw_dst=10.10.1.2,tp_dst=%d", IONODE h1)
                c :: Counter
                dst :: ToNet(h2)
                src -> c -> dst
                """.formatted(port);
        ReturnValue answer = untilAnswered(() -> platform.tenant().call("install_allocation", request));
        if (!answer.isNotReady()) {
            throw new IllegalStateException("install_allocation refused: " + answer.message());
        }
        int id = (Integer) answer.value();
        acknowledged.add(id);
        return new Live(id, port);
    }

    private void delete(Live a) throws InterruptedException {
        untilAnswered(() -> platform.tenant().call("delete_allocation", a.id()));
        deleted.add(a.id());
        for (long end = System.currentTimeMillis() + HEAL_LIMIT_MILLIS;
                System.currentTimeMillis() < end;
                Thread.sleep(200)) {
            ReturnValue r = untilAnswered(() -> platform.tenant().call("get_allocation", a.id()));
            if (!r.isNotReady()) {
                return;
            }
        }
    }

    /** Milliseconds from {@code since} until every live allocation is active (or the limit). */
    private long awaitAllActive(long since) throws InterruptedException {
        while (System.currentTimeMillis() - since < HEAL_LIMIT_MILLIS) {
            if (live.stream().allMatch(a -> isActive(a.id()))) {
                return System.currentTimeMillis() - since;
            }
            Thread.sleep(200);
        }
        return System.currentTimeMillis() - since;
    }

    private boolean isActive(int id) {
        try {
            ReturnValue r = platform.tenant().call("get_allocation", id);
            return r.isSuccess()
                    && "active"
                            .equals(Structs.fromStruct(r.value(), AllocationStatus.class)
                                    .state());
        } catch (DaemonUnreachableException restarting) {
            return false;
        }
    }

    private interface Call {
        ReturnValue run();
    }

    /** The resource daemon may be down for a while (killed by the bench): ask again until it answers. */
    private static ReturnValue untilAnswered(Call call) throws InterruptedException {
        for (int i = 0; ; i++) {
            try {
                return call.run();
            } catch (DaemonUnreachableException e) {
                if (i > 600) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** Deletes what the bench installed, so the platform is left as it was found. */
    private void cleanUp() throws InterruptedException {
        while (!live.isEmpty()) {
            delete(live.removeFirst());
        }
    }
}
