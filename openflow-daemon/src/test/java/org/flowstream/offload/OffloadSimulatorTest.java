package org.flowstream.offload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.flowstream.offload.bench.OffloadBenchCommand;
import org.flowstream.offload.sim.OffloadSimulator;
import org.flowstream.offload.trace.InMemoryTrace;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OffloadSimulatorTest {

    /** 4 s: key "a" sends 3 packets a second, "b" 1 a second, "c" one packet in second 2. */
    private static InMemoryTrace tiny() {
        InMemoryTrace.Builder b = new InMemoryTrace.Builder();
        for (int s = 0; s < 4; s++) {
            long t = s * 1_000_000L;
            b.add(t + 1, "a", 100).add(t + 2, "b", 100).add(t + 3, "a", 100).add(t + 4, "a", 100);
            if (s == 2) b.add(t + 5, "c", 100);
        }
        return b.build();
    }

    private static OffloadSimulator.Result get(List<OffloadSimulator.Result> rs, String s, int n) {
        return rs.stream()
                .filter(r -> r.strategy().equals(s) && r.n() == n)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void countsSoftwarePacketsAndChurnOnAHandMadeTrace() {
        OffloadSimulator.Config c =
                new OffloadSimulator.Config(List.of(1), 1, new int[] {1}, 2.0, new int[] {1, 2}, 0, 1, true);
        List<OffloadSimulator.Result> rs = new OffloadSimulator(c).run(tiny());
        // 17 packets. Bin-optimal with 1 s bins offloads "a" in every second: b's 4 and c's 1 stay in software.
        OffloadSimulator.Result bin1 = get(rs, "bin-optimal-1s", 1);
        assertThat(bin1.packets()).isEqualTo(17);
        assertThat(bin1.softwarePackets()).isEqualTo(5);
        assertThat(bin1.changes()).isEqualTo(1);
        // TFO decides after each second: second 0 goes entirely to software (4), then "a" is offloaded.
        OffloadSimulator.Result tfo = get(rs, "TFO", 1);
        assertThat(tfo.softwarePackets()).isEqualTo(4 + 3 * 1 + 1);
        assertThat(tfo.changes()).isEqualTo(1);
        // LRU with one entry: "a b a a" misses 3 times in second 0, 2 in second 1 (a is still cached),
        // 3 in second 2 (c too), 3 in second 3 (c had displaced a).
        OffloadSimulator.Result lru = get(rs, "LRU", 1);
        assertThat(lru.softwarePackets()).isEqualTo(3 + 2 + 3 + 3);
        // In-cache LFU with one entry: every miss replaces the only entry, so it behaves like LRU here.
        OffloadSimulator.Result lfu = get(rs, "LFU", 1);
        assertThat(lfu.softwarePackets()).isEqualTo(11);
        assertThat(tfo.churnPerSecond()).isLessThan(lru.churnPerSecond());
        assertThat(bin1.offloadGain()).isEqualTo(1 - 5 / 17.0);
    }

    @Test
    void warmUpIsSimulatedButNotMeasured() {
        OffloadSimulator.Config c =
                new OffloadSimulator.Config(List.of(1), 1, new int[] {1}, 2.0, new int[] {1}, 1, 1, false);
        OffloadSimulator.Result tfo = get(new OffloadSimulator(c).run(tiny()), "TFO", 1);
        assertThat(tfo.packets()).isEqualTo(13);
        assertThat(tfo.softwarePackets()).isEqualTo(3 + 1); // "a" was learnt during the warm-up
        assertThat(tfo.changes()).isZero();
    }

    @Test
    void benchCommandPrintsOneJsonObject() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new OffloadBenchCommand());
        cl.setOut(new PrintWriter(out));
        int rc = cl.execute(
                "--json",
                "--n",
                "50,2000",
                "--keys",
                "20000",
                "--pps",
                "1000",
                "--duration",
                "300",
                "--warmup",
                "100",
                "--threads",
                "1");
        assertThat(rc).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("bench").asText()).isEqualTo("tfo");
        // TFO, LRU, LFU and three bin-optimal sizes at two values of n.
        assertThat(j.get("results")).hasSize(6 * 2);
        assertThat(j.get("targets").has("n2000ChurnTfoOverBinOptimal10s")).isTrue();
        for (JsonNode r : j.get("results")) {
            assertThat(r.get("offloadGain").asDouble()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void benchCommandRefusesAMissingTrace() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new OffloadBenchCommand());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--trace", "/nonexistent/x.pcap")).isNotZero();
        assertThat(err.toString()).contains("error:");
    }
}
