package org.flowstream.openflow.bench;

import picocli.CommandLine;

/** Runs the benchmark from the module's test class path (the CLI wires it as flowstream bench openflow). */
public final class OpenflowBenchMain {

    private OpenflowBenchMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new OpenflowBenchCommand()).execute(args));
    }
}
