package org.flowstream.modulehost.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * {@code flowstream bench pm}: packets per second through one forwarding PM ({@code FromDevice(p0) ->
 * ToDevice(p1)} started by the linux.netns base system, in its namespace and cgroup), beside the baseline of
 * the same private Open vSwitch forwarding port to port, measured in the same run with the same frames.
 *
 * <p>A sender blasts a fixed number of identical UDP frames into the switch from one namespace; the switch's
 * transmit counter on the destination port counts what got through. Rate = frames delivered / time from the
 * first frame sent until that counter stops moving. Frames lost on the way (the sender outruns the path) lower
 * the rate; the delivered count is printed too.
 */
@Command(
        name = "pm",
        mixinStandardHelpOptions = true,
        description =
                "Packets per second through one forwarding PM vs. a plain Open vSwitch port-to-port forward (needs root and Open vSwitch).")
public final class PmBenchCommand implements Callable<Integer> {

    @Option(names = "--packets", description = "Frames sent per measurement (default ${DEFAULT-VALUE}).")
    int packets = 100_000;

    @Option(
            names = "--frame-bytes",
            description = "Ethernet frame size without FCS, at least 60 (default ${DEFAULT-VALUE}).")
    int frameBytes = 60;

    @Option(
            names = "--rounds",
            description = "Measurements per path, alternating; the median is reported (default ${DEFAULT-VALUE}).")
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
        if (rounds < 1 || packets < 1) {
            System.err.println("--rounds and --packets must be positive");
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
            System.out.printf(
                    "plain OVS port-to-port: %,d packets/s median of %s (delivered %s of %d each)%n",
                    result.get("ovs_pps"), result.get("ovs_pps_rounds"), result.get("ovs_delivered"), packets);
            System.out.printf(
                    "through one PM:         %,d packets/s median of %s (delivered %s of %d each)%n",
                    result.get("pm_pps"), result.get("pm_pps_rounds"), result.get("pm_delivered"), packets);
            System.out.printf("ratio PM / OVS:         %.3f%n", result.get("ratio"));
        }
        return 0;
    }

    Map<String, Object> run() throws Exception {
        String suffix = Long.toHexString(System.nanoTime() & 0xfffff);
        String bridge = "brbench" + suffix;
        Path state = Files.createTempDirectory("pm-bench");
        NetworkNamespace src = null;
        NetworkNamespace dst = null;
        PmManager pms = null;
        try (OpenVswitch ovs = OpenVswitch.start(OpenVswitch.Options.isolated())) {
            ovs.addBridge(bridge);
            src = NetworkNamespace.create("bsrc" + suffix);
            dst = NetworkNamespace.create("bdst" + suffix);
            ovs.addVethPort(bridge, "bs" + suffix + "o", 0, "bs" + suffix + "i", src.name());
            ovs.addVethPort(bridge, "bd" + suffix + "o", 0, "bd" + suffix + "i", dst.name());
            int srcPort = ovs.ofport("bs" + suffix + "o");
            int dstPort = ovs.ofport("bd" + suffix + "o");
            PacketSocket sender = InNamespace.call(src.name(), () -> PacketSocket.open("bs" + suffix + "i"));
            byte[] frame = frame(frameBytes);

            OvsBridge switchPorts = new OvsBridge(
                    bridge,
                    "unix:" + ovs.dbSocket(),
                    ovs.runDir().toString(),
                    ovs.netns().orElse(""));
            Path elements = state.resolve("elements");
            Files.createDirectories(elements);
            Isolation isolation = Isolation.detect("auto");
            PmJvm jvm = new PmJvm("", List.of(), PmJvm.Mode.parse(pmStartup), state.resolve("aot"));
            pms = new PmManager(
                    new BaseSystems(List.of(new LinuxNetnsBaseSystem(switchPorts, isolation, jvm, elements))),
                    state.resolve("pms"),
                    Duration.ofSeconds(120),
                    pm -> {},
                    () -> false);
            PmInstance pm = pms.create(new PmSpec(
                    "bench" + suffix, "FromDevice(p0) -> ToDevice(p1)", 2, 512, 100, PmSpec.DEFAULT_BASESYS));
            List<PmPort> ports = pm.handle().ports();
            String baselineFlow = "in_port=%d,actions=output:%d".formatted(srcPort, dstPort);
            List<String> pmFlows = List.of(
                    "in_port=%d,actions=output:%d"
                            .formatted(srcPort, ports.get(0).ofport()),
                    "in_port=%d,actions=output:%d".formatted(ports.get(1).ofport(), dstPort));

            // Rounds alternate between the two paths, so load from elsewhere on the machine hits both alike.
            List<long[]> baselineRounds = new java.util.ArrayList<>();
            List<long[]> pmRounds = new java.util.ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                ovs.ofctl("del-flows", bridge);
                ovs.ofctl("add-flow", bridge, baselineFlow);
                long[] b = measure(ovs, bridge, dstPort, sender, frame, round == 0 ? Math.min(packets, 2000) : packets);
                ovs.ofctl("del-flows", bridge);
                pmFlows.forEach(f -> ovs.ofctl("add-flow", bridge, f));
                long[] m = measure(ovs, bridge, dstPort, sender, frame, round == 0 ? Math.min(packets, 2000) : packets);
                if (round > 0) { // round 0 warms up the JIT and the switch's caches
                    baselineRounds.add(b);
                    pmRounds.add(m);
                }
            }
            sender.close();

            double ovsPps = median(baselineRounds);
            double pmPps = median(pmRounds);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("bench", "pm");
            result.put("packets_sent", packets);
            result.put("frame_bytes", frameBytes);
            result.put("ovs_pps", Math.round(ovsPps));
            result.put(
                    "ovs_pps_rounds",
                    baselineRounds.stream().map(r -> Math.round(rate(r))).toList());
            result.put("ovs_delivered", baselineRounds.stream().map(r -> r[0]).toList());
            result.put("pm_pps", Math.round(pmPps));
            result.put(
                    "pm_pps_rounds",
                    pmRounds.stream().map(r -> Math.round(rate(r))).toList());
            result.put("pm_delivered", pmRounds.stream().map(r -> r[0]).toList());
            result.put("rounds", rounds);
            result.put("ratio", ovsPps == 0 ? 0 : Math.round(pmPps / ovsPps * 1000) / 1000.0);
            result.put("pm_startup", jvm.mode().wireName());
            result.put("isolation", isolation.mechanism());
            result.put("datapath", "netdev (userspace)");
            result.put("cpus", Runtime.getRuntime().availableProcessors());
            return result;
        } finally {
            if (pms != null) {
                pms.deleteAll();
            }
            if (src != null) {
                src.delete();
            }
            if (dst != null) {
                dst.delete();
            }
            IpCommand.tryRun(List.of("rm", "-rf", state.toString()));
        }
    }

    private static double median(List<long[]> rounds) {
        double[] rates =
                rounds.stream().mapToDouble(PmBenchCommand::rate).sorted().toArray();
        return rates.length == 0
                ? 0
                : rates.length % 2 == 1
                        ? rates[rates.length / 2]
                        : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
    }

    private static double rate(long[] m) {
        return m[1] <= 0 ? 0 : m[0] * 1e9 / m[1];
    }

    /**
     * Sends {@code count} frames as fast as the socket takes them and returns {forwarded, nanoseconds}: the frames
     * Open vSwitch transmitted to the destination port (its own counter, so no receiver competes for the CPU),
     * and the time from the first send until that counter stopped moving.
     */
    static long[] measure(OpenVswitch ovs, String bridge, int dstPort, PacketSocket sender, byte[] frame, int count)
            throws Exception {
        long before = txPackets(ovs, bridge, dstPort);
        Packet packet = Packet.ofFrame(frame);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            try {
                sender.send(packet);
            } catch (IllegalStateException e) {
                Thread.onSpinWait(); // ENOBUFS: the socket's queue is full; that frame is lost like any other
            }
        }
        // Poll the counter until it has not moved for a second: everything still in flight has arrived.
        long last = txPackets(ovs, bridge, dstPort);
        long lastChange = System.nanoTime();
        while (System.nanoTime() - lastChange < 1_000_000_000L) {
            Thread.sleep(50);
            long now = txPackets(ovs, bridge, dstPort);
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
        }
        return new long[] {last - before, lastChange - start};
    }

    private static long txPackets(OpenVswitch ovs, String bridge, int port) {
        String out = ovs.ofctl("dump-ports", bridge, Integer.toString(port));
        int at = out.indexOf("tx pkts=");
        if (at < 0) {
            throw new IllegalStateException("no tx counter for port " + port + " in: " + out);
        }
        return Long.parseLong(out.substring(at + 8).split("[,\\s]")[0]);
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
