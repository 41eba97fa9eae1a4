package org.flowstream.modulehost.bench.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** bench migrate prints through BenchOutput like every bench: one JSON object, and refusals in words. */
class MigrateBenchCommandTest {

    @Test
    void jsonIsOneObjectWithTheThreeWaysPerStateCount() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new MigrateBenchCommand());
        cl.setOut(new PrintWriter(out));

        assertThat(cl.execute("--json", "--states", "20", "--max-idle-ms", "200"))
                .isZero();

        assertThat(out.toString().strip().lines()).hasSize(1);
        JsonNode size = new ObjectMapper().readTree(out.toString()).get("sizes").get(0);
        assertThat(size.get("states").asInt()).isEqualTo(20);
        for (String way : new String[] {"phased_move", "total_copy", "no_state_move"}) {
            assertThat(size.get(way).get("segments_lost").asLong()).as(way).isNotNegative();
        }
    }

    @Test
    void badOptionsAreRefusedInWords() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new MigrateBenchCommand());
        cl.setErr(new PrintWriter(err));

        assertThat(cl.execute("--states", "5")).isEqualTo(2);
        assertThat(err.toString()).contains("error: --states must be at least 10 each");
    }
}
