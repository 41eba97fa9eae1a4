package org.flowstream.modulehost.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.common.netns.NetworkNamespace;
import org.flowstream.common.ovs.OpenVswitch;
import org.flowstream.modulehost.basesys.BaseSystems;
import org.flowstream.modulehost.basesys.LinuxNetnsBaseSystem;
import org.flowstream.modulehost.basesys.PmJvm;
import org.flowstream.modulehost.net.InNamespace;
import org.flowstream.modulehost.net.OvsBridge;
import org.flowstream.modulehost.net.PmPort;
import org.flowstream.modulehost.net.SwitchReceiveBuffers;
import org.flowstream.modulehost.pm.Isolation;
import org.flowstream.modulehost.pm.PmInstance;
import org.flowstream.modulehost.pm.PmManager;
import org.flowstream.modulehost.pm.PmSpec;
import org.flowstream.modulehost.runtime.Checksums;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.PacketSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flowstream bench pm}: frames through one forwarding PM ({@code FromDevice(p0) -> ToDevice(p1)} started by
 * the linux.netns base system, in its namespace and cgroup), beside the baseline of the same private Open vSwitch
 * forwarding port to port, measured in the same run with the same frames, at several offered rates.
 *
 * <p>A {@link PacedSender} offers identical UDP frames at each rate (and once as fast as it can) for a fixed time
 * from one namespace; the switch's transmit counter on the destination port counts what got through (no receiver
 * competes for the CPU). Per path and rate: offered rate, delivered rate, loss, and the PM path's delivered rate
 * over the switch's. The result is that ratio and the PM path's loss at the highest offered rate the switch alone
 * delivers with under 1 % loss (target: ratio at least 0.45, PM loss under 1 %), beside the most each path
 * delivered at any rate. Rounds
 * alternate the two paths so load from elsewhere on the machine hits both alike; figures are medians of the
 * rounds. Nothing is random: the same frames and rates in every run.
 */
@Command(
        name = "pm",
        mixinStandardHelpOptions = true,
        description =
                "Offered vs. delivered packets per second through one forwarding PM and through a plain Open vSwitch port-to-port forward, at several offered rates (needs root and Open vSwitch).")
public final class PmBenchCommand implements Callable<Integer> {

    /** Loss below which a path counts as keeping up with the offered rate. */
    static final double LOSSLESS = 0.01;

    @Option(
            names = "--rates",
            split = ",",
            description =
                    "Offered rates in packets/s, each measured on both paths; 0 means as fast as the sender can (default ${DEFAULT-VALUE}).")
    List<Long> rates = List.of(10_000L, 20_000L, 40_000L, 60_000L, 80_000L, 0L);

    @Option(
            names = "--seconds",
            description =
                    "How long each rate is offered (default ${DEFAULT-VALUE}); the blast sends as many frames as the fastest rate would.")
    double seconds = 1.0;

    @Option(
            names = "--frame-bytes",
            description = "Ethernet frame size without FCS, at least 60 (default ${DEFAULT-VALUE}).")
    int frameBytes = 60;

    @Option(
            names = "--rounds",
            description =
                    "Measurements per path and rate, alternating; medians are reported (default ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(
            names = "--pm-startup",
            description =
                    "How the PM's JVM starts: fast (today's light JVM, C1 only) or cold (the former JVM, with C2) (default: ${DEFAULT-VALUE}).")
    String pmStartup = "fast";

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!OpenVswitch.isInstalled()) {
            System.err.println(OpenVswitch.whyNotInstalled());
            return 2;
        }
        if (rounds < 1 || seconds <= 0 || seconds > 60) {
            System.err.println("--rounds must be positive and --seconds between 0 and 60");
            return 2;
        }
        if (rates.isEmpty() || rates.stream().anyMatch(r -> r < 0 || r > 10_000_000)) {
            System.err.println("--rates takes packets/s from 1 to 10000000, or 0 for as fast as possible");
            return 2;
        }
        if (frameBytes < 60 || frameBytes > 1514) {
            System.err.println("--frame-bytes must be 60 to 1514");
            return 2;
        }
        Map<String, Object> result = run();
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(result));
        } else {
            print(result);
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> result) {
        System.out.printf(
                "%-10s | %-36s | %-36s | %s%n", "offered", "plain OVS port-to-port", "through one PM", "PM/OVS");
        System.out.printf(
                "%-10s | %11s %11s %11s | %11s %11s %11s |%n",
                "pps", "offered", "delivered", "loss", "offered", "delivered", "loss");
        for (Map<String, Object> row : (List<Map<String, Object>>) result.get("rates")) {
            Map<String, Object> ovs = (Map<String, Object>) row.get("ovs");
            Map<String, Object> pm = (Map<String, Object>) row.get("pm");
            System.out.printf(
                    "%-10s | %,11d %,11d %10.2f%% | %,11d %,11d %10.2f%% | %.3f%n",
                    ((Number) row.get("rate_pps")).longValue() == 0 ? "max" : String.format("%,d", row.get("rate_pps")),
                    ovs.get("offered_pps"),
                    ovs.get("delivered_pps"),
                    100 * ((Number) ovs.get("loss")).doubleValue(),
                    pm.get("offered_pps"),
                    pm.get("delivered_pps"),
                    100 * ((Number) pm.get("loss")).doubleValue(),
                    row.get("ratio"));
        }
        System.out.printf(
                "at %,d packets/s offered (the most the switch alone delivers with < 1%% loss): PM/OVS %.3f, PM path loss %.2f%%%n",
                result.get("switch_lossless_rate_pps"),
                result.get("ratio"),
                100 * ((Number) result.get("pm_loss")).doubleValue());
        System.out.printf(
                "most delivered at any rate: OVS %,d, PM %,d packets/s (ratio %.3f)%n",
                result.get("ovs_max_pps"), result.get("pm_max_pps"), result.get("max_ratio"));
        System.out.printf("target (ratio >= 0.45, PM loss < 1%%) met: %s%n", result.get("target_met"));
    }

    Map<String, Object> run() throws Exception {
        String suffix = Long.toHexString(System.nanoTime() & 0xfffff);
        String bridge = "brbench" + suffix;
        Path state = Files.createTempDirectory("pm-bench");
        NetworkNamespace src = null;
        NetworkNamespace dst = null;
        PmManager pms = null;
        OpenVswitch ovs = OpenVswitch.start(OpenVswitch.Options.isolated());
        try {
            ovs.addBridge(bridge);
            src = NetworkNamespace.create("bsrc" + suffix);
            dst = NetworkNamespace.create("bdst" + suffix);
            ovs.addVethPort(bridge, "bs" + suffix + "o", 0, "bs" + suffix + "i", src.name());
            ovs.addVethPort(bridge, "bd" + suffix + "o", 0, "bd" + suffix + "i", dst.name());
            SwitchReceiveBuffers.raise(ovs.runDir().toString()); // as a module host does for its PMs' ports
            int srcPort = ovs.ofport("bs" + suffix + "o");
            int dstPort = ovs.ofport("bd" + suffix + "o");
            PacketSocket socket = InNamespace.call(src.name(), () -> PacketSocket.open("bs" + suffix + "i"));
            PacedSender sender = new PacedSender(socket, frame(frameBytes));

            OvsBridge switchPorts = new OvsBridge(
                    bridge,
                    "unix:" + ovs.dbSocket(),
                    ovs.runDir().toString(),
                    ovs.netns().orElse(""),
                    org.flowstream.modulehost.ownership.NetworkClaims.ownerOf(state));
            Path elements = state.resolve("elements");
            Files.createDirectories(elements);
            Isolation isolation = Isolation.detect("auto");
            PmJvm jvm = new PmJvm("", List.of(), PmJvm.Mode.parse(pmStartup), state.resolve("aot"));
            pms = new PmManager(
                    new BaseSystems(List.of(new LinuxNetnsBaseSystem(
                            org.flowstream.modulehost.ownership.NetworkClaims.of(state, switchPorts),
                            isolation,
                            jvm,
                            elements))),
                    state.resolve("pms"),
                    Duration.ofSeconds(120),
                    pm -> {},
                    () -> false);
            PmInstance pm = pms.create(new PmSpec(
                    "bench" + suffix, "FromDevice(p0) -> ToDevice(p1)", 2, 512, 100, PmSpec.DEFAULT_BASESYS));
            List<PmPort> ports = pm.handle().ports();
            List<String> baselineFlows = List.of("in_port=%d,actions=output:%d".formatted(srcPort, dstPort));
            List<String> pmFlows = List.of(
                    "in_port=%d,actions=output:%d"
                            .formatted(srcPort, ports.get(0).ofport()),
                    "in_port=%d,actions=output:%d".formatted(ports.get(1).ofport(), dstPort));
            Rig rig = new Rig(ovs, bridge, dstPort, sender, () -> pmPathCounters(ovs, bridge, pm));

            long fastest = rates.stream().mapToLong(Long::longValue).max().orElse(0);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (long rate : rates) {
                long frames = Math.round((rate == 0 ? Math.max(fastest, 10_000) : rate) * seconds);
                rig.warmUp(baselineFlows, pmFlows);
                List<Measurement> baseline = new ArrayList<>();
                List<Measurement> throughPm = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    baseline.add(rig.measure(baselineFlows, frames, rate, false));
                    throughPm.add(rig.measure(pmFlows, frames, rate, true));
                }
                rows.add(row(rate, Measurement.median(baseline), Measurement.median(throughPm)));
            }
            socket.close();
            return summary(rows, jvm, isolation);
        } finally {
            // The PM goes while the switch (and its namespace, where the PM's ports are) still exists: as the resource
            // of a try-with-resources the switch was closed before this ran, and deleting the PM then failed and left
            // its namespace behind.
            try {
                if (pms != null) {
                    pms.deleteAll();
                }
                if (src != null) {
                    src.delete();
                }
                if (dst != null) {
                    dst.delete();
                }
            } finally {
                ovs.close();
                IpCommand.tryRun(List.of("rm", "-rf", state.toString()));
            }
        }
    }

    /**
     * The figures the target reads: at the highest offered rate the switch alone delivers with under 1 %
     * loss, the PM path's delivered rate over the switch's, and the PM path's loss there; beside them each path's
     * most delivered at any offered rate (saturation, where the PM path's double crossing of the switch bounds
     * the ratio by about 0.5).
     */
    private Map<String, Object> summary(List<Map<String, Object>> rows, PmJvm jvm, Isolation isolation) {
        double ovsMax = 0;
        double pmMax = 0;
        Map<String, Object> lossless = null;
        Measurement losslessOvs = null;
        Measurement losslessPm = null;
        for (Map<String, Object> row : rows) {
            Measurement ovs = (Measurement) row.remove("ovs_measurement");
            Measurement pm = (Measurement) row.remove("pm_measurement");
            ovsMax = Math.max(ovsMax, ovs.deliveredPps());
            pmMax = Math.max(pmMax, pm.deliveredPps());
            boolean paced = ((Number) row.get("rate_pps")).longValue() > 0;
            if (paced
                    && ovs.loss() < LOSSLESS
                    && (losslessOvs == null || ovs.offeredPps() > losslessOvs.offeredPps())) {
                lossless = row;
                losslessOvs = ovs;
                losslessPm = pm;
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("bench", "pm");
        result.put("frame_bytes", frameBytes);
        result.put("seconds_per_rate", seconds);
        result.put("rounds", rounds);
        result.put("rates", rows);
        result.put("switch_lossless_rate_pps", lossless == null ? 0 : lossless.get("rate_pps"));
        result.put("ratio", lossless == null ? 0 : lossless.get("ratio"));
        result.put("pm_loss", losslessPm == null ? 1.0 : Math.round(losslessPm.loss() * 10_000) / 10_000.0);
        result.put(
                "target_met",
                lossless != null
                        && ((Number) lossless.get("ratio")).doubleValue() >= 0.45
                        && losslessPm.loss() < LOSSLESS);
        result.put("ovs_max_pps", Math.round(ovsMax));
        result.put("pm_max_pps", Math.round(pmMax));
        result.put("max_ratio", ovsMax == 0 ? 0 : Math.round(pmMax / ovsMax * 1000) / 1000.0);
        result.put("pm_startup", jvm.mode().wireName());
        result.put("isolation", isolation.mechanism());
        result.put("datapath", "netdev (userspace)");
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        return result;
    }

    private static Map<String, Object> row(long rate, Measurement ovs, Measurement pm) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("rate_pps", rate);
        row.put("ovs", ovs.describe());
        row.put("pm", pm.describe());
        row.put(
                "ratio",
                ovs.deliveredPps() == 0 ? 0 : Math.round(pm.deliveredPps() / ovs.deliveredPps() * 1000) / 1000.0);
        row.put("ovs_measurement", ovs);
        row.put("pm_measurement", pm);
        return row;
    }

    /** One path measured once: frames offered and delivered, and how long offering took. */
    record Measurement(
            long offered, long delivered, long nanos, List<Double> deliveredRounds, Map<String, Long> stages) {

        double offeredPps() {
            return nanos <= 0 ? 0 : offered * 1e9 / nanos;
        }

        double deliveredPps() {
            return nanos <= 0 ? 0 : delivered * 1e9 / nanos;
        }

        double loss() {
            return offered == 0 ? 0 : Math.max(0, 1 - (double) delivered / offered);
        }

        /** The round whose delivered rate is the median, with every round's delivered rate beside it. */
        static Measurement median(List<Measurement> rounds) {
            List<Measurement> sorted = rounds.stream()
                    .sorted(java.util.Comparator.comparingDouble(Measurement::deliveredPps))
                    .toList();
            Measurement m = sorted.get(sorted.size() / 2);
            List<Double> each = rounds.stream()
                    .map(r -> (double) Math.round(r.deliveredPps()))
                    .toList();
            return new Measurement(m.offered, m.delivered, m.nanos, each, m.stages);
        }

        Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("offered_pps", Math.round(offeredPps()));
            d.put("delivered_pps", Math.round(deliveredPps()));
            d.put("loss", Math.round(loss() * 10_000) / 10_000.0);
            d.put("offered", offered);
            d.put("delivered", delivered);
            d.put("delivered_pps_rounds", deliveredRounds);
            if (!stages.isEmpty()) {
                d.put("stages", stages);
            }
            return d;
        }
    }

    /** The switch, its destination port and the sender: measures one set of rules at one rate. */
    private record Rig(
            OpenVswitch ovs,
            String bridge,
            int dstPort,
            PacedSender sender,
            java.util.function.Supplier<Map<String, Long>> pmPathCounters) {

        void warmUp(List<String> baselineFlows, List<String> pmFlows) throws InterruptedException {
            measure(baselineFlows, 2000, 20_000, false);
            measure(pmFlows, 2000, 20_000, false);
        }

        /**
         * Installs the rules, offers {@code frames} frames at {@code pps}, and counts what the switch transmitted
         * on the destination port once the counter stops moving (everything still in flight has arrived).
         */
        Measurement measure(List<String> flows, long frames, long pps, boolean stages) throws InterruptedException {
            ovs.ofctl("del-flows", bridge);
            flows.forEach(f -> ovs.ofctl("add-flow", bridge, f));
            Map<String, Long> countersBefore = stages ? settledPmPathCounters() : Map.of();
            long before = txPackets();
            PacedSender.Offered offered = sender.send(frames, pps);
            long last = txPackets();
            long lastChange = System.nanoTime();
            while (last - before < offered.frames() && System.nanoTime() - lastChange < 300_000_000L) {
                Thread.sleep(20);
                long now = txPackets();
                if (now != last) {
                    last = now;
                    lastChange = System.nanoTime();
                }
            }
            Map<String, Long> lostAt = Map.of();
            if (stages) {
                Map<String, Long> after = settledPmPathCounters();
                Map<String, Long> delta = new LinkedHashMap<>();
                after.forEach((k, v) -> delta.put(k, v - countersBefore.getOrDefault(k, 0L)));
                lostAt = stageLosses(offered.frames(), delta, last - before);
            }
            return new Measurement(offered.frames(), last - before, offered.nanos(), List.of(), lostAt);
        }

        /** The PM path's counters once the PM has reported them (its stats file is rewritten every second). */
        private Map<String, Long> settledPmPathCounters() throws InterruptedException {
            Thread.sleep(1100);
            return pmPathCounters.get();
        }

        private long txPackets() {
            return PmBenchCommand.txPackets(ovs, bridge, dstPort);
        }
    }

    /**
     * Where the PM path's frames were lost, from the counters along it: before the switch sent them to the PM, between
     * the switch and the PM's reading them (its socket's queue), inside the PM (sends the kernel refused), between the
     * PM's sending and the switch's reading them (the switch's socket on the PM's output port), and in the switch on
     * the way out.
     */
    static Map<String, Long> stageLosses(long offered, Map<String, Long> delta, long delivered) {
        long toPm = delta.getOrDefault("switch_to_pm", 0L);
        long pmIn = delta.getOrDefault("pm_rx", 0L);
        long pmOut = delta.getOrDefault("pm_tx", 0L);
        long fromPm = delta.getOrDefault("switch_from_pm", 0L);
        Map<String, Long> lost = new LinkedHashMap<>(delta);
        lost.put("lost_before_pm_port", offered - toPm);
        lost.put("lost_at_pm_socket", toPm - pmIn);
        lost.put("lost_in_pm", pmIn - pmOut);
        lost.put("lost_at_switch_from_pm", pmOut - fromPm);
        lost.put("lost_after", fromPm - delivered);
        return lost;
    }

    /**
     * The counters along the PM path: what the switch transmitted to the PM's input port and received from its output
     * port, and what the PM says it received and sent (its stats file).
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Long> pmPathCounters(OpenVswitch ovs, String bridge, PmInstance pm) {
        List<PmPort> ports = pm.handle().ports();
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("switch_to_pm", portCounter(ovs, bridge, ports.get(0).ofport(), "tx pkts="));
        Map<String, Object> pmPorts = (Map<String, Object>) pm.handle().stats().getOrDefault("ports", Map.of());
        counters.put("pm_rx", number(pmPorts, "p0", "rx_packets"));
        counters.put("pm_tx", number(pmPorts, "p1", "tx_packets"));
        counters.put("switch_from_pm", portCounter(ovs, bridge, ports.get(1).ofport(), "rx pkts="));
        return counters;
    }

    @SuppressWarnings("unchecked")
    private static long number(Map<String, Object> ports, String port, String key) {
        Object counters = ports.get(port);
        return counters instanceof Map<?, ?> m && m.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static long txPackets(OpenVswitch ovs, String bridge, int port) {
        return portCounter(ovs, bridge, port, "tx pkts=");
    }

    private static long portCounter(OpenVswitch ovs, String bridge, int port, String counter) {
        String out = ovs.ofctl("dump-ports", bridge, Integer.toString(port));
        int at = out.indexOf(counter);
        if (at < 0) {
            throw new IllegalStateException("no '" + counter + "' counter for port " + port + " in: " + out);
        }
        return Long.parseLong(out.substring(at + counter.length()).split("[,\\s]")[0]);
    }

    /** A UDP frame between two fixed addresses with valid checksums (the same in every run). */
    static byte[] frame(int size) {
        byte[] f = new byte[size];
        byte[] dstMac = {0x02, 0, 0, 0, 0, 2};
        byte[] srcMac = {0x02, 0, 0, 0, 0, 1};
        System.arraycopy(dstMac, 0, f, 0, 6);
        System.arraycopy(srcMac, 0, f, 6, 6);
        f[12] = 0x08;
        Packet p = Packet.ofFrame(f);
        int ipLength = size - 14;
        p.setU16(14, 0x4500);
        p.setU16(16, ipLength);
        p.setU16(22, 64 << 8 | Packet.PROTO_UDP);
        p.setU32(26, 0x0a630001);
        p.setU32(30, 0x0a630002);
        Checksums.fixIpHeader(p);
        p.setU16(34, 9000);
        p.setU16(36, 9001);
        p.setU16(38, ipLength - 20);
        p.setU16(40, 0); // no UDP checksum
        return p.frame();
    }
}
