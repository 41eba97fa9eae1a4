package org.flowstream.contracts.element;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ElementConfigurationTest {

    private static final List<Keyword> NAT = List.of(
            new Keyword("EXTERNAL", "IPv4 address or prefix", true, "", "pool"),
            new Keyword("PORTS", "port range", false, "20000-29999", "ports"),
            new Keyword("IDLE", "seconds", false, "300", "idle"));

    private static final List<Keyword> LIMITER = List.of(
            new Keyword("RATE", "packets per second", true, "", "rate", true),
            new Keyword("BURST", "packets", false, "RATE/10+1", "burst", true));

    private static final List<Keyword> FILTER = List.of(new Keyword("RULE...", "filter rule", true, "", "rules", true));

    @Test
    void typedValuesAreTheGivenOnesOrTheDefaults() {
        ElementConfiguration nat =
                ElementConfiguration.read("IPRewriter", NAT, List.of("external 10.0.0.0/30", "IDLE 60"));

        assertThat(nat.problems()).isEmpty();
        assertThat(nat.prefix("EXTERNAL").size()).isEqualTo(4);
        assertThat(nat.portRange("PORTS")).isEqualTo(new KeywordType.PortRange(20000, 29999));
        assertThat(nat.integer("IDLE")).isEqualTo(60);
        assertThat(nat.has("PORTS")).isFalse();

        ElementConfiguration limiter = ElementConfiguration.read("RateLimiter", LIMITER, List.of("1e3pps"));
        assertThat(limiter.number("RATE")).isEqualTo(1000.0);
        assertThat(limiter.has("BURST")).isFalse();

        ElementConfiguration filter = ElementConfiguration.read("IPFilter", FILTER, List.of("deny udp", "allow all"));
        assertThat(filter.texts("RULE...")).containsExactly("deny udp", "allow all");
    }

    @Test
    void problemsSayWhichArgumentAndWhatIsWrongInWords() {
        ElementConfiguration nat =
                ElementConfiguration.read("IPRewriter", NAT, List.of("PORTS 0-10", "NOSUCH 3", "IDLE"));

        assertThat(nat.problems())
                .extracting(ConfigurationProblem::argument, p -> p.about("IPRewriter"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                0, "IPRewriter: PORTS must be a range LOW-HIGH within 1-65535, got '0-10'"),
                        org.assertj.core.groups.Tuple.tuple(
                                1,
                                "IPRewriter: it has no keyword 'NOSUCH'; IPRewriter takes EXTERNAL, [PORTS], [IDLE] "
                                        + "(each written 'KEYWORD value')"),
                        org.assertj.core.groups.Tuple.tuple(
                                2,
                                "IPRewriter: IDLE needs a value: write 'IDLE value'; IPRewriter takes EXTERNAL, "
                                        + "[PORTS], [IDLE] (each written 'KEYWORD value')"),
                        org.assertj.core.groups.Tuple.tuple(
                                ConfigurationProblem.WHOLE,
                                "IPRewriter needs EXTERNAL; IPRewriter takes EXTERNAL, [PORTS], [IDLE] (each "
                                        + "written 'KEYWORD value')"));
        assertThat(ElementConfiguration.read("RateLimiter", LIMITER, List.of("100", "20", "3"))
                        .problems())
                .extracting(p -> p.about("RateLimiter"))
                .containsExactly("RateLimiter: one argument too many: '3'; RateLimiter takes RATE, [BURST] (values "
                        + "alone, in this order)");
    }

    @Test
    void aKeywordTheSignatureDoesNotDeclareIsAProgrammingError() {
        ElementConfiguration nat = ElementConfiguration.read("IPRewriter", NAT, List.of("EXTERNAL 10.0.0.1"));

        assertThatThrownBy(() -> nat.integer("TIMEOUT"))
                .hasMessage("IPRewriter's signature declares no keyword TIMEOUT");
    }
}
