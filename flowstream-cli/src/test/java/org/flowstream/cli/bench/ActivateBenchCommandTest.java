package org.flowstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowstream.lang.cli.LangCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ActivateBenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void theBenchsRequestsOfOneAndThreePmsPassTheLanguageChecks() throws Exception {
        Path one = Files.writeString(dir.resolve("one.click"), ActivateBenchCommand.request(1, 20000));
        Path three = Files.writeString(dir.resolve("three.click"), ActivateBenchCommand.request(3, 20001));
        StringWriter err = new StringWriter();
        CommandLine lang = new CommandLine(new LangCommand());
        lang.setErr(new PrintWriter(err, true));
        lang.setOut(new PrintWriter(new StringWriter(), true));

        int exit = lang.execute("check", one.toString(), three.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(Files.readString(three)).contains("tp_dst=20001", "IPFilter", "Counter", "Mirror", "CPU mirror 0.1");
        assertThat(Files.readString(one)).doesNotContain("Counter");
    }

    @Test
    void percentilesAreNearestRank() {
        List<Double> values = List.of(0.5, 0.1, 0.3, 0.2, 0.4);

        assertThat(ActivateBenchCommand.percentile(values, 50)).isEqualTo(0.3);
        assertThat(ActivateBenchCommand.percentile(values, 99)).isEqualTo(0.5);
        assertThat(ActivateBenchCommand.percentile(List.of(), 50)).isNaN();
    }
}
