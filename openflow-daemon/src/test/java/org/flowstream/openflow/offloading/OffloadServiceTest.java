package org.flowstream.openflow.offloading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.contracts.records.openflow.OffloadConfig;
import org.flowstream.contracts.records.openflow.OffloadStatus;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.Rule;
import org.flowstream.openflow.rules.RuleManager;
import org.flowstream.openflow.rules.RuleStore;
import org.flowstream.openflow.rules.openflow.OpenflowSwitchDrivers;
import org.flowstream.openflow.stats.StatsCollector;
import org.flowstream.openflow.switches.SwitchRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offload service against a rule manager whose switch is away (rules saved, not sent); OffloadOvsTest has the real switch. */
class OffloadServiceTest {

    static final String SW = "brtfo";

    @TempDir
    Path dir;

    private RuleManager rules;
    private StatsCollector stats;
    private OffloadService service;

    @BeforeEach
    void start() throws Exception {
        open();
        rules.change(
                SW,
                List.of(Rule.of(0, 5, "arp", List.of("output:1"), Cookies.cookie(Cookies.OwnerKind.OPERATOR, 1))),
                List.of());
    }

    private void open() {
        SwitchRegistry switches = new SwitchRegistry();
        rules = new RuleManager(
                new OpenflowSwitchDrivers(switches, Duration.ofSeconds(5)), new RuleStore(dir.resolve("rules.json")));
        stats = new StatsCollector(switches, Duration.ZERO, Duration.ofSeconds(5));
        service = new OffloadService(rules, switches, stats, new OffloadStore(dir.resolve("offloads.json")));
    }

    @AfterEach
    void stop() {
        service.close();
        stats.close();
        rules.close();
    }

    static OffloadConfig config(int capacity, List<Integer> windows) {
        return new OffloadConfig(3L, SW, 1, 2, 3, capacity, null, windows, 0L, null, null);
    }

    @SuppressWarnings("unchecked")
    private static List<String> offloaded(OffloadStatus status) {
        return status.offloaded();
    }

    private Set<String> owned() {
        Set<String> set = new TreeSet<>();
        rules.rules(SW, r -> r.cookie() == Cookies.cookie(Cookies.OwnerKind.OFFLOAD, 3))
                .forEach(r -> set.add(r.toString()));
        return set;
    }

    private static String rule(int priority, String match, int port) {
        return "cookie=%s,table=0,priority=%d,%s actions=output:%d"
                .formatted(Cookies.hex(Cookies.cookie(Cookies.OwnerKind.OFFLOAD, 3)), priority, match, port);
    }

    @Test
    void heavyHittersGetForwardingRulesAndIdleOnesAreWithdrawn() throws Exception {
        service.configure(config(2, List.of(1, 2)));
        assertThat(owned()).containsExactly(rule(10, "ip,in_port=1", 2));

        service.report(
                3,
                Map.of(
                        Ipv4Prefix.parse("20.0.1.0/24"),
                        900.0,
                        Ipv4Prefix.parse("20.0.2.0/24"),
                        500.0,
                        Ipv4Prefix.parse("20.0.3.0/24"),
                        10.0));
        OffloadStatus status = service.round(3);
        assertThat(offloaded(status)).containsExactlyInAnyOrder("20.0.1.0/24", "20.0.2.0/24");
        assertThat(owned())
                .containsExactlyInAnyOrder(
                        rule(10, "ip,in_port=1", 2),
                        rule(524, "ip,in_port=1,nw_dst=20.0.1.0/24", 3),
                        rule(524, "ip,in_port=1,nw_dst=20.0.2.0/24", 3));

        // A much heavier newcomer displaces the weakest (factor 2); a slightly heavier one would not.
        for (int i = 0; i < 3; i++) {
            service.report(3, Map.of(Ipv4Prefix.parse("20.0.1.0/24"), 900.0, Ipv4Prefix.parse("20.0.9.0/24"), 5000.0));
            service.round(3);
        }
        assertThat(offloaded(service.status(3))).containsExactlyInAnyOrder("20.0.1.0/24", "20.0.9.0/24");

        // Nothing reported any more: the statistics forget the prefixes and their rules go.
        for (int i = 0; i < 60 && !(offloaded(service.status(3))).isEmpty(); i++) {
            service.round(3);
        }
        assertThat(owned()).containsExactly(rule(10, "ip,in_port=1", 2));
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() throws Exception {
        service.configure(config(2, List.of(1, 2)));
        List<Rule> before = rules.rules(SW);
        String saved = Files.readString(dir.resolve("offloads.json"));
        assertThatThrownBy(() -> service.configure(
                        new OffloadConfig(4L, "nosuch", null, 2, 3, null, null, null, null, null, null)))
                .hasMessageContaining("unknown switch nosuch");
        assertThatThrownBy(() ->
                        service.configure(new OffloadConfig(4L, SW, null, 2, 2, null, null, null, null, null, null)))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() ->
                        service.configure(new OffloadConfig(4L, SW, null, 2, 3, -1, null, null, null, null, null)))
                .hasMessageContaining("capacity must be >= 0");
        assertThatThrownBy(() -> service.configure(
                        new OffloadConfig(4L, SW, null, 2, 3, null, null, List.of(30, 3), null, null, null)))
                .hasMessageContaining("shortest first");
        assertThatThrownBy(() -> service.report(9, Map.of(Ipv4Prefix.ROOT, 1.0)))
                .hasMessageContaining("no offload 9");
        assertThatThrownBy(() -> service.report(3, Map.of(Ipv4Prefix.ROOT, -1.0)))
                .hasMessageContaining("must be >= 0");
        assertThatThrownBy(() -> service.remove(9)).hasMessageContaining("no offload 9");
        assertThat(rules.rules(SW)).isEqualTo(before);
        assertThat(Files.readString(dir.resolve("offloads.json"))).isEqualTo(saved);
        assertThat(service.status(3).reportsPending()).isEqualTo(0);
    }

    @Test
    void aRestartKeepsTheOffloadedSetAndItsRules() throws Exception {
        service.configure(config(2, List.of(3, 30)));
        service.report(3, Map.of(Ipv4Prefix.parse("20.0.1.0/24"), 900.0));
        service.round(3);
        Set<String> before = owned();
        assertThat(before).hasSize(2);
        stop();
        open();
        assertThat(owned()).isEqualTo(before);
        assertThat(offloaded(service.status(3))).containsExactly("20.0.1.0/24");
        // The first round after the restart only starts counting: the restored prefix, which has no
        // statistics yet, is not withdrawn as idle; a report of the waiting round counts in the next one.
        service.report(3, Map.of(Ipv4Prefix.parse("20.0.1.0/24"), 900.0));
        service.round(3);
        assertThat(owned()).isEqualTo(before);
        service.round(3);
        assertThat(owned()).isEqualTo(before);
        service.remove(3);
        assertThat(owned()).isEmpty();
    }
}
