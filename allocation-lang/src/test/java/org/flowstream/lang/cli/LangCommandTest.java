package org.flowstream.lang.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flowstream.lang.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LangCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new LangCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void checkReturnsZeroWhenEveryFileIsValid() throws IOException {
        Path good = write("good.click", TestFiles.config("spec-example-repaired.click"));
        Path firewall = write("fw.click", TestFiles.config("flowstream-firewall.click"));

        assertThat(run("check", good.toString(), firewall.toString())).isZero();
        assertThat(out.toString()).contains(good + ": ok (1 PMs, 2 connections)");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void checkPrintsEveryErrorAndReturnsOne() throws IOException {
        Path good = write("good.click", TestFiles.config("spec-example-repaired.click"));
        Path bad = write("bad.click", TestFiles.config("spec-example-truncated.click"));
        Path missing = dir.resolve("missing.click");

        assertThat(run("check", good.toString(), bad.toString(), missing.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains(bad + ":5:19: error: unterminated string")
                .contains(missing + ": error: cannot read the file (no such file)")
                .doesNotContain("Exception");
    }

    @Test
    void mutatedRequestsGetPositionedErrorsInWords() throws IOException {
        String valid = TestFiles.config("flowstream-firewall.click");
        java.util.Random random = new java.util.Random(18);
        java.util.regex.Pattern diagnostic = java.util.regex.Pattern.compile(".*:\\d+:\\d+: error: \\S.*");
        int refused = 0;
        for (int i = 0; i < 150; i++) {
            Path file = write("m" + i + ".click", org.flowstream.lang.FuzzTest.mutate(valid, random));
            err.getBuffer().setLength(0);
            int exit = run("check", "-q", file.toString());
            assertThat(exit).isIn(0, 1);
            if (exit == 1) {
                refused++;
                assertThat(err.toString().lines())
                        .as(file.toString())
                        .isNotEmpty()
                        .allSatisfy(line -> {
                            assertThat(line).startsWith(file.toString()).matches(diagnostic);
                            assertThat(line)
                                    .doesNotContain("Exception")
                                    .doesNotContainPattern("\\bjava\\.|\\.java:\\d+");
                        });
            }
        }
        assertThat(refused).isGreaterThan(75);
    }

    @Test
    void flattenPrintsTheNormalizedRequest() throws IOException {
        Path firewall = write("fw.click", TestFiles.config("flowstream-firewall.click"));

        assertThat(run("flatten", firewall.toString())).isZero();
        assertThat(out.toString())
                .contains("front/fw :: IPFilter(allow tcp dst port 80, deny all);")
                .contains("web[0] -> [0]front/fw;")
                .contains("PPS web[0] -> [0]front/fw 20000");
    }

    @Test
    void flattenOfAnInvalidRequestFails() throws IOException {
        Path bad = write("bad.click", "ft :: FromNet(ip) -> tt :: ToNet(a) -> x");
        assertThat(run("flatten", bad.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("bad.click:1:");
    }

    @Test
    void noSubcommandShowsUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Usage: lang");
    }
}
