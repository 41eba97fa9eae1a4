package org.flowstream.openflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.flowstream.common.ovs.OpenVswitch;
import org.flowstream.openflow.rules.RuleStore;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmark runs end to end on a small rule set and prints one JSON object with its figures. */
class OpenflowBenchCommandTest {

    @Test
    void printsOneJsonObjectWithBothRatesTheRatioAndTheReconcileTimes() throws Exception {
        assumeTrue(OpenVswitch.isInstalled(), OpenVswitch.whyNotInstalled());
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new OpenflowBenchCommand());
        cli.setOut(new PrintWriter(text));
        int code = cli.execute("--rules", "300", "--json");
        assertThat(code).as(text.toString()).isZero();
        JsonNode json = RuleStore.json().readTree(text.toString().trim());
        assertThat(json.get("rules").asInt()).isEqualTo(300);
        assertThat(json.get("daemon_rules_per_sec").asDouble()).isPositive();
        assertThat(json.get("ofctl_rules_per_sec").asDouble()).isPositive();
        assertThat(json.get("ratio").asDouble()).isPositive();
        assertThat(json.get("reconcile_repaired").asInt()).isEqualTo(300); // all 300 lie inside 10.0.0.0/22
        assertThat(json.has("reconcile_in_line_ms")).isTrue();
    }
}
