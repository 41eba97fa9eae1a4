package org.flowstream.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.flowstream.contracts.match.InvalidMatchException;
import org.flowstream.contracts.match.Match;
import org.flowstream.contracts.match.MatchField;
import org.flowstream.openflow.channel.SwitchConnection;
import org.flowstream.openflow.rules.Rule;
import org.flowstream.openflow.rules.openflow.FlowEntries;
import org.flowstream.openflow.rules.openflow.FlowMessages;
import org.flowstream.openflow.rules.openflow.LoxiMatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The match contract against a real Open vSwitch: for every field the contract knows (several seeded random
 * values each) and a seeded random sample of combinations, a match the contract accepts is installed through
 * the openflow daemon's own flow-mod path on a bridge speaking OpenFlow 1.3 and one speaking 1.0, read back
 * with {@code ovs-ofctl dump-flows}, and compared with the contract's canonical print; the daemon's own
 * reading of the switch's flow table must give the same match. A match the contract refuses must be refused
 * with problems in words. OpenFlow 1.0 may refuse (in words) what it cannot carry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MatchOnOvsPropertyTest {

    private static final long SEED = 19;
    private static final int VALUES_PER_FIELD = 6;
    private static final int COMBINATIONS = 150;
    private static final long COOKIE = 0x19;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private OvsTestSwitch sw;
    private OpenflowDaemon daemon;

    @BeforeAll
    void start() throws Exception {
        sw = OvsTestSwitch.start();
        daemon = sw.startDaemon();
    }

    @AfterAll
    void stop() {
        if (daemon != null) {
            daemon.stop();
        }
        if (sw != null) {
            sw.close();
        }
    }

    @Test
    void everyMatchTheContractAcceptsInstallsAndReadsBackAsItsCanonicalPrint() throws Exception {
        Random random = new Random(SEED);
        Map<String, MatchField> perField = new LinkedHashMap<>();
        for (MatchField field : MatchField.values()) {
            for (int i = 0; i < VALUES_PER_FIELD; i++) {
                perField.put(MatchSamples.forField(field, random), field);
            }
        }
        List<String> combinations = new ArrayList<>();
        for (int i = 0; i < COMBINATIONS; i++) {
            combinations.add(MatchSamples.combination(random));
        }

        Set<Match> accepted = new LinkedHashSet<>();
        int refused = 0;
        for (String text : concat(perField.keySet(), combinations)) {
            try {
                accepted.add(Match.parse(text));
            } catch (InvalidMatchException e) {
                refused++;
                assertThat(e.problems())
                        .as(text)
                        .isNotEmpty()
                        .allSatisfy(
                                p -> assertThat(p).doesNotContain("Exception").matches(".*\\w+ \\w+ \\w+.*"));
            }
        }
        for (String text : perField.keySet()) {
            assertThat(Match.parse(text))
                    .as("every per-field sample is valid: " + text)
                    .isNotNull();
        }

        Installed of13 = installAndReadBack(accepted, "OpenFlow13");
        Installed of10 = installAndReadBack(accepted, "OpenFlow10");

        assertThat(of13.refusedByVersion).as("OpenFlow 1.3 carries every match").isEmpty();
        assertThat(of13.installed).hasSize(accepted.size());
        assertThat(of10.installed.size() + of10.refusedByVersion.size()).isEqualTo(accepted.size());
        Set<MatchField> covered = EnumSet.noneOf(MatchField.class);
        of13.installed.forEach(m -> covered.addAll(m.fields().keySet()));
        assertThat(covered).as("every field reached the switch").isEqualTo(EnumSet.allOf(MatchField.class));

        System.out.printf(
                "match property test (seed %d): %d fields, %d per-field samples, %d combinations; %d distinct"
                        + " accepted, %d refused by the contract; OpenFlow 1.3: %d installed (%d printed identically"
                        + " by ovs-ofctl); OpenFlow 1.0: %d installed (%d identically), %d refused as beyond 1.0%n",
                SEED,
                MatchField.values().length,
                perField.size(),
                combinations.size(),
                accepted.size(),
                refused,
                of13.installed.size(),
                of13.identical,
                of10.installed.size(),
                of10.identical,
                of10.refusedByVersion.size());
    }

    private record Installed(List<Match> installed, List<Match> refusedByVersion, int identical) {}

    /** Installs each match as its own flow (priority = its index + 1), then compares the switch's table. */
    private Installed installAndReadBack(Set<Match> matches, String protocol) throws Exception {
        String br = sw.connectedBridge(daemon, WAIT, protocol);
        SwitchConnection conn = daemon.switches().get(br).orElseThrow();

        Map<Integer, Match> byPriority = new TreeMap<>();
        List<Match> refusedByVersion = new ArrayList<>();
        int priority = 1;
        for (Match m : matches) {
            Rule rule = new Rule(0, priority, m, List.of(), COOKIE);
            try {
                var flowMod = FlowMessages.of(conn.version()).add(conn.nextXid(), rule);
                conn.sendBatch(List.of(flowMod)).get(20, TimeUnit.SECONDS);
                byPriority.put(priority++, m);
            } catch (LoxiMatch.UnsupportedMatchException e) {
                assertThat(e.getMessage()).contains("OpenFlow 1.0 cannot match");
                refusedByVersion.add(m);
            }
        }

        Map<Integer, String> dumped = dumpFlows(br, protocol);
        assertThat(dumped.keySet()).as(protocol + ": one flow per match").isEqualTo(byPriority.keySet());
        int identical = 0;
        for (Map.Entry<Integer, Match> e : byPriority.entrySet()) {
            String ovsText = dumped.get(e.getKey());
            Match expected = e.getValue();
            assertThat(Match.parse(ovsText))
                    .as(protocol + ": ovs-ofctl shows " + ovsText)
                    .isEqualTo(expected);
            if (ovsText.equals(expected.toString())) {
                identical++;
            } else {
                assertThat(expected.get(MatchField.DL_VLAN))
                        .as(protocol + ": only the untagged VLAN is spelt differently, not " + ovsText)
                        .hasValueSatisfying(v -> assertThat(v.value()).isEqualTo(MatchField.UNTAGGED));
            }
        }
        Map<Integer, Match> readByDaemon = new TreeMap<>();
        FlowEntries.read(conn, WAIT).forEach(entry -> {
            Rule rule = FlowEntries.toRule(entry);
            if (rule != null && rule.cookie() == COOKIE) {
                readByDaemon.put(rule.priority(), rule.match());
            }
        });
        assertThat(readByDaemon)
                .as(protocol + ": the daemon reads its flows back")
                .isEqualTo(byPriority);
        return new Installed(List.copyOf(byPriority.values()), refusedByVersion, identical);
    }

    /** priority → match text of each flow with our cookie, as ovs-ofctl prints it. */
    private Map<Integer, String> dumpFlows(String br, String protocol) {
        String out = sw.ovs.ofctl("--no-stats", "--no-names", "-O", protocol, "dump-flows", br);
        Map<Integer, String> flows = new TreeMap<>();
        for (String line : out.split("\n")) {
            int actions = line.indexOf(" actions=");
            if (actions < 0 || !line.contains("cookie=0x19")) {
                continue;
            }
            int priority = 32768;
            List<String> match = new ArrayList<>();
            for (String part : line.substring(0, actions).trim().split(",\\s*")) {
                if (part.startsWith("priority=")) {
                    priority = Integer.parseInt(part.substring("priority=".length()));
                } else if (!part.startsWith("cookie=") && !part.startsWith("table=") && !part.isEmpty()) {
                    match.add(part);
                }
            }
            flows.put(priority, String.join(",", match));
        }
        return flows;
    }

    private static List<String> concat(Set<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
