package org.flowstream.openflow.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowstream.balancer.Assignment;
import org.flowstream.balancer.BalancerRule;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.contracts.records.openflow.BalancerConfig;
import org.flowstream.contracts.records.openflow.BalancerRound;
import org.flowstream.contracts.records.openflow.BalancerStatus;
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

/**
 * The balancer service against a rule manager whose switch is away: rules are saved (not sent), which is
 * exactly the desired state a switch would get. The real switch and real packets are in LoadBalancerOvsTest.
 */
class BalancerServiceTest {

    static final String SW = "brlb";
    static final long OPERATOR = Cookies.cookie(Cookies.OwnerKind.OPERATOR, 1);

    @TempDir
    Path dir;

    private RuleManager rules;
    private StatsCollector stats;
    private BalancerService service;

    @BeforeEach
    void start() throws Exception {
        open();
        // The switch is known by a saved rule of its own; the balancer's rules must leave it alone.
        rules.change(SW, List.of(Rule.of(0, 5, "arp", List.of("output:1"), OPERATOR)), List.of());
    }

    private void open() {
        SwitchRegistry switches = new SwitchRegistry();
        rules = new RuleManager(
                new OpenflowSwitchDrivers(switches, Duration.ofSeconds(5)), new RuleStore(dir.resolve("rules.json")));
        stats = new StatsCollector(switches, Duration.ZERO, Duration.ofSeconds(5));
        service = new BalancerService(rules, switches, stats, new BalancerStore(dir.resolve("balancers.json")));
    }

    @AfterEach
    void stop() {
        service.close();
        stats.close();
        rules.close();
    }

    static BalancerConfig.MachinePort machine(String name, int port, double capacity) {
        return new BalancerConfig.MachinePort(name, port, capacity);
    }

    static BalancerConfig config(long id, List<BalancerConfig.MachinePort> machines) {
        return new BalancerConfig(id, SW, machines, null, null, null, 1, 2, null, null, "reports", 0L);
    }

    static final List<BalancerConfig.MachinePort> THREE =
            List.of(machine("m1", 3, 1), machine("m2", 4, 1), machine("m3", 5, 1));

    private Set<Rule> owned(long id) {
        return new HashSet<>(rules.rules(SW, r -> r.cookie() == Cookies.cookie(Cookies.OwnerKind.LOAD_BALANCER, id)));
    }

    @Test
    void configuringInstallsTheRulesOfTheAssignmentAsOneOwnerSet() throws Exception {
        var out = service.configure(config(1, THREE));
        assertThat(out.change().applied())
                .as("the switch is away: saved for later")
                .isFalse();
        BalancerPlan plan = service.plan(1).orElseThrow();
        int prefixes = plan.assignment().prefixes().size();
        // Two per assigned prefix, two catch-alls, two return rules per machine (§2.2.6).
        assertThat(owned(1)).hasSize(2 * prefixes + 2 + 2 * 3).isEqualTo(new HashSet<>(plan.rules()));
        assertThat(plan.assignment().defaultMachine()).isEqualTo("m1");
        String cookie = Cookies.hex(Cookies.cookie(Cookies.OwnerKind.LOAD_BALANCER, 1));
        Set<String> text = new HashSet<>();
        owned(1).forEach(r -> text.add(r.toString()));
        assertThat(text)
                .contains(
                        "cookie=" + cookie + ",table=0,priority=100,ip,in_port=1 actions=mod_vlan_vid:4001,output:3",
                        "cookie=" + cookie + ",table=0,priority=100,ip,in_port=2 actions=mod_vlan_vid:4002,output:3",
                        "cookie=" + cookie + ",table=0,priority=300,in_port=4,dl_vlan=4002 actions=strip_vlan,output:2",
                        "cookie=" + cookie
                                + ",table=0,priority=300,in_port=5,dl_vlan=4001 actions=strip_vlan,output:1");
        for (Map.Entry<Ipv4Prefix, String> e : plan.assignment().prefixes().entrySet()) {
            int port = plan.config().machine(e.getValue()).port();
            assertThat(text)
                    .contains("cookie=%s,table=0,priority=%d,ip,in_port=1,nw_src=%s actions=mod_vlan_vid:4001,output:%d"
                            .formatted(cookie, BalancerRule.PREFIX_PRIORITY, e.getKey(), port));
        }
        assertThat(rules.rules(SW, r -> r.cookie() == OPERATOR)).hasSize(1);
        assertThat(dir.resolve("balancers.json")).exists();
    }

    @Test
    void badRequestsAreRefusedWithAClearMessageAndChangeNothing() throws Exception {
        service.configure(config(1, THREE));
        List<Rule> before = rules.rules(SW);
        String saved = Files.readString(dir.resolve("balancers.json"));
        assertThatThrownBy(() -> service.configure(
                        new BalancerConfig(2L, "nosuch", THREE, null, null, null, 1, 2, null, null, null, null)))
                .hasMessageContaining("unknown switch nosuch");
        assertThatThrownBy(() -> service.configure(config(2, List.of(machine("a", 3, -1)))))
                .hasMessageContaining("capacity must be a positive number");
        assertThatThrownBy(() -> service.configure(config(2, List.of(machine("a", 1, 1)))))
                .hasMessageContaining("port 1 is already used");
        assertThatThrownBy(() -> service.configure(
                        new BalancerConfig(2L, SW, THREE, "m2", null, null, 1, 2, null, null, null, null)
                                .withMachines(List.of(machine("m1", 3, 2), machine("m2", 4, 1)), "m2")))
                .hasMessageContaining("default_machine m2 must have the largest capacity");
        assertThatThrownBy(() -> service.configure(
                        new BalancerConfig(2L, SW, THREE, null, 1.0, null, 1, 2, null, null, null, null)))
                .hasMessageContaining("maxImbalance must be > 1");
        assertThatThrownBy(() -> service.reportLoad(9, Map.of(Ipv4Prefix.parse("10.0.0.0/8"), 1.0), 1))
                .hasMessageContaining("no load balancer 9");
        assertThatThrownBy(() -> service.reportLoad(
                        1, Map.of(Ipv4Prefix.parse("10.0.0.0/8"), 1.0, Ipv4Prefix.parse("10.1.0.0/16"), 1.0), 1))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> service.addMachine(1, machine("m4", 4, 1)))
                .hasMessageContaining("port 4 is already used");
        assertThatThrownBy(() -> service.addMachine(1, machine("m2", 9, 1)))
                .hasMessageContaining("already has a machine m2");
        assertThatThrownBy(() -> service.removeMachine(1, "m9")).hasMessageContaining("has no machine m9");
        assertThatThrownBy(() -> service.remove(7)).hasMessageContaining("no load balancer 7");
        assertThat(rules.rules(SW)).isEqualTo(before);
        assertThat(Files.readString(dir.resolve("balancers.json"))).isEqualTo(saved);
        assertThat(service.status(1).reportsPending())
                .as("the refused report was not recorded")
                .isEqualTo(0);
    }

    @Test
    void reportedDriftAboveTheMaximumRebalancesIncrementallyAndOnlyThen() throws Exception {
        service.configure(config(1, THREE));
        Assignment before = service.plan(1).orElseThrow().assignment();
        // Even traffic: within the maximum, nothing moves.
        service.reportLoad(1, Map.of(Ipv4Prefix.ROOT, 3000.0), 1);
        service.rebalance(1);
        assertThat(service.plan(1).orElseThrow().assignment()).isSameAs(before);

        // m2's part of the space gets three times the traffic of the rest, sampled 1 in 100.
        Ipv4Prefix hot = before.prefixes().entrySet().stream()
                .filter(e -> e.getValue().equals("m2"))
                .findFirst()
                .orElseThrow()
                .getKey();
        Map<Ipv4Prefix, Double> report = new HashMap<>();
        report.put(hot.left(), 30.0);
        report.put(hot.right(), 30.0);
        service.reportLoad(1, report, 100);
        service.reportLoad(1, Map.of(Ipv4Prefix.parse(hot.bits() >= 0 ? "128.0.0.0/1" : "0.0.0.0/1"), 20.0), 100);
        BalancerStatus status = service.rebalance(1);
        BalancerRound round = status.lastRound();
        assertThat(round.rebalanced()).as(String.valueOf(round)).isTrue();
        assertThat(round.imbalance()).isGreaterThan(1.1);
        assertThat(status.imbalance()).as("after the re-run").isLessThanOrEqualTo(1.1);
        BalancerPlan after = service.plan(1).orElseThrow();
        assertThat(after.assignment()).isNotSameAs(before);
        assertThat(owned(1)).isEqualTo(new HashSet<>(after.rules()));
        assertThat(status.reportsPending()).isEqualTo(0);
    }

    @Test
    void theTimerRunsTheRoundsByItself() throws Exception {
        service.configure(new BalancerConfig(1L, SW, THREE, null, null, null, 1, 2, null, null, "reports", 100L));
        Assignment before = service.plan(1).orElseThrow().assignment();
        Ipv4Prefix hot = before.prefixes().keySet().iterator().next();
        service.reportLoad(1, Map.of(hot, 10_000.0), 1);
        long end = System.nanoTime() + 20_000_000_000L;
        while (service.plan(1).orElseThrow().assignment() == before && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(service.plan(1).orElseThrow().assignment())
                .as("re-balanced by a timed round")
                .isNotSameAs(before);
        assertThat(owned(1))
                .isEqualTo(new HashSet<>(service.plan(1).orElseThrow().rules()));
    }

    @Test
    void addingAndRemovingMachinesChangesOnlyTheirShare() throws Exception {
        service.configure(config(1, THREE));
        service.addMachine(1, machine("m4", 6, 1));
        BalancerPlan four = service.plan(1).orElseThrow();
        assertThat(four.assignment().prefixes()).containsValue("m4");
        assertThat(owned(1)).isEqualTo(new HashSet<>(four.rules()));

        service.removeMachine(1, "m3");
        BalancerPlan three = service.plan(1).orElseThrow();
        assertThat(three.assignment().prefixes()).doesNotContainValue("m3");
        assertThat(owned(1))
                .noneMatch(r ->
                        r.actions().contains("output:5") || r.match().toString().contains("in_port=5"));
        // Removing the default machine elects another one.
        service.removeMachine(1, "m1");
        assertThat(service.plan(1).orElseThrow().assignment().defaultMachine()).isNotEqualTo("m1");
        assertThat(service.plan(1).orElseThrow().config().defaultMachine())
                .isEqualTo(service.plan(1).orElseThrow().assignment().defaultMachine());
        assertThatThrownBy(() -> {
                    String last = service.plan(1)
                            .orElseThrow()
                            .config()
                            .machines()
                            .get(0)
                            .name();
                    service.removeMachine(
                            1,
                            service.plan(1)
                                    .orElseThrow()
                                    .config()
                                    .machines()
                                    .get(1)
                                    .name());
                    service.removeMachine(1, last);
                })
                .hasMessageContaining("is the last one");
    }

    @Test
    void aRestartedServiceResumesTheSameAssignmentAndRules() throws Exception {
        service.configure(config(1, THREE));
        service.reportLoad(
                1, Map.of(Ipv4Prefix.parse("10.0.0.0/8"), 5000.0, Ipv4Prefix.parse("200.0.0.0/8"), 100.0), 1);
        service.rebalance(1);
        BalancerPlan before = service.plan(1).orElseThrow();
        Set<Rule> rulesBefore = owned(1);
        stop();
        open();
        BalancerPlan after = service.plan(1).orElseThrow();
        assertThat(after.assignment().prefixes()).isEqualTo(before.assignment().prefixes());
        assertThat(after.config()).isEqualTo(before.config());
        assertThat(owned(1)).isEqualTo(rulesBefore);

        service.remove(1);
        assertThat(owned(1)).isEmpty();
        assertThat(rules.rules(SW, r -> r.cookie() == OPERATOR)).hasSize(1);
        stop();
        open();
        assertThat(service.statusAll()).isEmpty();
    }
}
