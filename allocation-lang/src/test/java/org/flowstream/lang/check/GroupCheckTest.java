package org.flowstream.lang.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.flowstream.contracts.click.diag.Diagnostic;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.model.ScalingGroup;
import org.junit.jupiter.api.Test;

/** The {@code GROUP=} header line: a PM run as a group of instances behind the load balancer (lang check). */
class GroupCheckTest {

    private static final String NAT = """
            inside :: FromNet("ip,nw_src=10.81.0.0/16", IONODE net0)
            outside :: FromNet("ip,nw_dst=198.51.100.7", IONODE net1)
            nat :: IPRewriter(EXTERNAL 198.51.100.7, IDLE 120)
            count :: Counter
            toB :: ToNet(net1)
            toA :: ToNet(net0)
            inside -> [0]nat[0] -> count -> toB
            outside -> [1]nat[1] -> toA
            """;

    private static CheckResult check(String groupLine) {
        return AllocationLanguage.check("g.click", "BASESYS=linux.netns\n" + groupLine + "\n" + NAT);
    }

    private static List<String> errors(String groupLine) {
        return check(groupLine).diagnostics().stream().map(Diagnostic::format).toList();
    }

    @Test
    void aGroupOfAStatefulPmIsValidAndReadBackWithItsThresholds() {
        CheckResult result = check("GROUP=nat 1-4 SCALE_OUT 0.75 SCALE_IN 0.25 COOL_DOWN 10");

        assertThat(result.diagnostics()).isEmpty();
        assertThat(ScalingGroup.of(result.service())).containsExactly(new ScalingGroup("nat", 1, 4, 0.75, 0.25, 10));
    }

    @Test
    void thresholdsAndCoolDownDefaultWhenLeftOut() {
        CheckResult result = check("GROUP=nat 2-3");

        assertThat(result.diagnostics()).isEmpty();
        ScalingGroup group = ScalingGroup.of(result.service()).getFirst();
        assertThat(group.scaleOutAbove()).isEqualTo(ScalingGroup.DEFAULT_SCALE_OUT);
        assertThat(group.scaleInBelow()).isEqualTo(ScalingGroup.DEFAULT_SCALE_IN);
        assertThat(group.coolDownSeconds()).isEqualTo(ScalingGroup.DEFAULT_COOL_DOWN_SECONDS);
        assertThat(ScalingGroup.parse(group.toString())).containsExactly(group);
    }

    @Test
    void aRequestWithoutAGroupHasNone() {
        CheckResult result = AllocationLanguage.check("g.click", NAT);

        assertThat(result.diagnostics()).isEmpty();
        assertThat(ScalingGroup.of(result.service())).isEmpty();
    }

    @Test
    void aNameThatIsNoPmIsRefusedWithTheRequestsPms() {
        assertThat(errors("GROUP=natt 1-4"))
                .containsExactly("g.click:2:1: error: GROUP names 'natt', which is not a PM of this request; "
                        + "its PMs: count, nat");
        assertThat(errors("GROUP=inside 1-2")).singleElement().asString().contains("'inside', which is not a PM");
    }

    @Test
    void anyPmMayBeGroupedStatefulOrNot() {
        CheckResult result = check("GROUP=nat 1-4; count 1-2");

        assertThat(result.diagnostics()).isEmpty();
        assertThat(ScalingGroup.of(result.service()))
                .extracting(ScalingGroup::pm)
                .containsExactly("nat", "count");
    }

    @Test
    void boundsAndThresholdsOutOfOrderAreRefusedInWords() {
        assertThat(errors("GROUP=nat 4-2"))
                .containsExactly("g.click:2:1: error: group nat: instances 4-2 must satisfy 1 <= MIN <= MAX <= 16");
        assertThat(errors("GROUP=nat 0-2")).singleElement().asString().contains("1 <= MIN <= MAX");
        assertThat(errors("GROUP=nat 1-17")).singleElement().asString().contains("MAX <= 16");
        assertThat(errors("GROUP=nat 1-4 SCALE_OUT 0.3 SCALE_IN 0.5"))
                .containsExactly("g.click:2:1: error: group nat: SCALE_IN 0.5 and SCALE_OUT 0.3 must satisfy "
                        + "0 < SCALE_IN < SCALE_OUT <= 1 (fractions of an instance's capacity)");
        assertThat(errors("GROUP=nat 1-4 SCALE_OUT 1.5"))
                .containsExactly("g.click:2:1: error: group nat: SCALE_OUT must be a fraction of an instance's "
                        + "capacity above 0 and at most 1, got '1.5'");
        assertThat(errors("GROUP=nat 1-4 COOL_DOWN 0"))
                .singleElement()
                .asString()
                .contains("at least 1 second");
        assertThat(errors("GROUP=nat 1-4 COOL_DOWN soon"))
                .singleElement()
                .asString()
                .contains("COOL_DOWN must be a whole number of seconds, got 'soon'");
    }

    @Test
    void malformedGroupsAreRefusedInWords() {
        assertThat(errors("GROUP=nat")).singleElement().asString().contains("needs a PM and MIN-MAX");
        assertThat(errors("GROUP=nat four")).singleElement().asString().contains("'four' is not MIN-MAX");
        assertThat(errors("GROUP=nat 1-4 SPEED 3")).singleElement().asString().contains("unknown keyword 'SPEED'");
        assertThat(errors("GROUP=nat 1-4 SCALE_OUT")).singleElement().asString().contains("SCALE_OUT needs a value");
        assertThat(errors("GROUP=nat 1-4 SCALE_IN 0.1 SCALE_IN 0.2"))
                .singleElement()
                .asString()
                .contains("SCALE_IN is given twice");
        assertThat(errors("GROUP=nat 1-2; nat 1-3")).singleElement().asString().contains("nat is grouped twice");
    }

    @Test
    void theModelRefusesWhatTheCheckRefuses() {
        assertThatThrownBy(() -> new ScalingGroup("nat", 3, 2, 0.8, 0.3, 30)).hasMessageContaining("1 <= MIN <= MAX");
        assertThat(ScalingGroup.parse("nat 1-2; fw 1-3 SCALE_OUT 0.9"))
                .extracting(ScalingGroup::pm)
                .containsExactly("nat", "fw");
    }
}
