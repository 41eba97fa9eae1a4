package org.flowstream.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.flowstream.balancer.bench.BalancerBenchCommand;
import org.flowstream.balancer.bench.BalancerBenchmark;
import org.flowstream.balancer.bench.UniformSplitBaseline;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BalancerBenchCommandTest {

    @Test
    void jsonHasOneRowPerPointAndTheBaseline() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BalancerBenchCommand());
        cl.setOut(new PrintWriter(out));
        int rc = cl.execute(
                "--json",
                "--machines",
                "10,40",
                "--distributions",
                "constant,zipf",
                "--repetitions",
                "3",
                "--warmups",
                "1");
        assertThat(rc).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("bench").asText()).isEqualTo("lb");
        assertThat(j.get("results")).hasSize(4);
        JsonNode row = j.get("results").get(0);
        assertThat(row.get("prefixesPerMachine").asDouble()).isPositive();
        assertThat(row.get("imbalance").asDouble()).isLessThanOrEqualTo(1.1);
        assertThat(row.has("baselineImbalance")).isTrue();
        assertThat(j.get("targets").get("imbalanceWithinMaximum").asBoolean()).isTrue();
    }

    @Test
    void badOptionsGiveAnErrorNotAnExit() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new BalancerBenchCommand());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--distributions", "nope")).isNotZero();
        assertThat(err.toString()).contains("unknown distribution");
    }

    @Test
    void uniformSplitBaselineTilesTheSpaceInPowerOfTwoPieces() {
        var ms = BalancerBenchmark.equalMachines(5);
        Assignment a = UniformSplitBaseline.assign(ms);
        long covered =
                a.prefixes().keySet().stream().mapToLong(Ipv4Prefix::size).sum();
        assertThat(covered).isEqualTo(1L << 32);
        assertThat(a.imbalance(PrefixLoads.uniform(1), ms)).isLessThan(1.2);
    }
}
