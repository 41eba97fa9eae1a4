package org.flowstream.common.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The bench scaffold as a bench command sees it: --json, one JSON object on the command line's out, refusals in words. */
class BenchOutputTest {

    @Command(name = "demo")
    static final class DemoBench implements Callable<Integer> {
        @Mixin
        BenchOutput output;

        @Option(names = "--n", defaultValue = "1")
        int n;

        @Override
        public Integer call() throws Exception {
            if (n < 1) {
                return output.refuse("--n must be >= 1");
            }
            if (output.json()) {
                output.printJson(Map.of("bench", "demo", "n", n));
            } else {
                output.out().println("n: " + n);
            }
            return 0;
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DemoBench());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void jsonPrintsOneObjectOnOneLine() {
        Run run = run("--json", "--n", "3");
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        assertThat(run.out()).contains("\"bench\":\"demo\"", "\"n\":3");
    }

    @Test
    void withoutJsonTheBenchPrintsItsTable() {
        assertThat(run("--n", "2").out()).isEqualTo("n: 2" + System.lineSeparator());
    }

    @Test
    void aRefusedOptionIsSaidInWordsWithExitCodeTwo() {
        Run run = run("--n", "0", "--json");
        assertThat(run.exit()).isEqualTo(BenchOutput.BAD_OPTIONS);
        assertThat(run.err()).isEqualTo("error: --n must be >= 1" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }
}
