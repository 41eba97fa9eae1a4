package org.flowstream.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.junit.jupiter.api.Test;

class BalancerRuleTest {

    private final BalancerTopology topo = new BalancerTopology(1, 2, 101, 102);
    private final List<Machine> ms = List.of(new Machine("a", 1, 10), new Machine("b", 1, 11), new Machine("c", 1, 12));

    @Test
    void twoRulesPerPrefixTwoCatchAllsAndTwoReturnRulesPerMachine() {
        Assignment asg = new Assignment(
                "a",
                Map.of(
                        Ipv4Prefix.parse("0.0.0.0/2"),
                        "b",
                        Ipv4Prefix.parse("64.0.0.0/2"),
                        "c",
                        Ipv4Prefix.parse("128.0.0.0/3"),
                        "b"));
        List<BalancerRule> rules = BalancerRule.of(asg, ms, topo);
        assertThat(rules.stream().filter(r -> r.kind() == BalancerRule.Kind.PREFIX))
                .hasSize(2 * 3);
        assertThat(rules.stream().filter(r -> r.kind() == BalancerRule.Kind.CATCH_ALL))
                .hasSize(2);
        assertThat(rules.stream().filter(r -> r.kind() == BalancerRule.Kind.RETURN))
                .hasSize(2 * 3);

        BalancerRule src = rules.stream()
                .filter(r -> r.kind() == BalancerRule.Kind.PREFIX
                        && r.match().prefix().equals(Ipv4Prefix.parse("64.0.0.0/2"))
                        && r.match().direction() == Direction.SOURCE)
                .findFirst()
                .orElseThrow();
        assertThat(src.match().inPort()).isEqualTo(1);
        assertThat(src.action().pushVlan()).isEqualTo(101);
        assertThat(src.action().outputPort()).isEqualTo(12);
        BalancerRule dst = rules.stream()
                .filter(r -> r.kind() == BalancerRule.Kind.PREFIX
                        && r.match().prefix().equals(Ipv4Prefix.parse("64.0.0.0/2"))
                        && r.match().direction() == Direction.DESTINATION)
                .findFirst()
                .orElseThrow();
        assertThat(dst.match().inPort()).isEqualTo(2);
        assertThat(dst.action().pushVlan()).isEqualTo(102);

        // Catch-alls match everything, below the prefix rules, towards the default machine.
        assertThat(rules)
                .filteredOn(r -> r.kind() == BalancerRule.Kind.CATCH_ALL)
                .allSatisfy(r -> {
                    assertThat(r.match().prefix()).isEqualTo(Ipv4Prefix.ROOT);
                    assertThat(r.priority()).isLessThan(BalancerRule.PREFIX_PRIORITY);
                    assertThat(r.action().outputPort()).isEqualTo(10);
                });
        // A processed packet tagged VLAN_DST leaves by the destination side, untagged.
        assertThat(rules)
                .filteredOn(
                        r -> r.kind() == BalancerRule.Kind.RETURN && r.match().vlan() == 102)
                .allSatisfy(r -> {
                    assertThat(r.action().popVlan()).isTrue();
                    assertThat(r.action().outputPort()).isEqualTo(2);
                });
    }

    @Test
    void balancerOutputTranslatesToRules() {
        Assignment fresh = new PrefixBalancer(BalancerTuning.DEFAULT).assignUniform(ms);
        List<BalancerRule> rules = BalancerRule.of(fresh, ms, topo);
        assertThat(rules.stream().filter(r -> r.kind() == BalancerRule.Kind.PREFIX))
                .hasSize(2 * fresh.prefixes().size());
    }

    @Test
    void badTopologyIsRefused() {
        assertThatThrownBy(() -> new BalancerTopology(1, 1, 10, 11)).hasMessageContaining("ports");
        assertThatThrownBy(() -> new BalancerTopology(1, 2, 10, 10)).hasMessageContaining("VLAN");
        assertThatThrownBy(() -> BalancerRule.of(new Assignment("zz", Map.of()), ms, topo))
                .hasMessageContaining("zz");
    }
}
