package org.flowstream.lang.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flowstream lang ...}: tools for allocation requests. Never calls System.exit. */
@Command(
        name = "lang",
        description = "Check and flatten allocation requests (Click syntax).",
        mixinStandardHelpOptions = true,
        subcommands = {CheckCommand.class, FlattenCommand.class})
public final class LangCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand, show the usage and fail: there is nothing to do. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** For running the module on its own: {@code java -cp ... org.flowstream.lang.cli.LangCommand check FILE}. */
    public static int run(String... args) {
        return new CommandLine(new LangCommand()).execute(args);
    }
}
