package org.flowstream.common.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code flowstream bench ...} command shares, mixed into it with picocli's {@code @Mixin}: the
 * {@code --json} option, where it prints (the command line's writers, so tests can capture them), its one JSON
 * object, and how it refuses a bad option (in words, exit code 2). The benches beside the placement engine and
 * the balancer and offload libraries use it too: it knows nothing of any daemon (their ArchUnit rules admit it).
 */
public final class BenchOutput {

    /** The exit code of a bench whose options are refused. */
    public static final int BAD_OPTIONS = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec(Spec.Target.MIXEE)
    CommandSpec bench;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    /** Whether --json asks for one JSON object instead of a table. */
    public boolean json() {
        return json;
    }

    public PrintWriter out() {
        return bench.commandLine().getOut();
    }

    public PrintWriter err() {
        return bench.commandLine().getErr();
    }

    /** Prints the bench's figures (a map, record or JSON tree) as one JSON object on one line. */
    public void printJson(Object figures) throws JsonProcessingException {
        out().println(JSON.writeValueAsString(figures));
        out().flush();
    }

    /** Says on stderr what is wrong with the options; the bench returns what this returns. */
    public int refuse(String why) {
        err().println("error: " + why);
        err().flush();
        return BAD_OPTIONS;
    }
}
