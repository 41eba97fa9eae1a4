package org.flowstream.cli;

import org.flowstream.cli.platform.DownCommand;
import org.flowstream.cli.platform.PlatformCommand;
import org.flowstream.cli.platform.UpCommand;
import org.flowstream.lang.cli.LangCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** bin/flowstream: the one command line of the platform. */
@Command(
        name = "flowstream",
        mixinStandardHelpOptions = true,
        version = "flowstream 0.1.0",
        description = "Flowstream platform controller: run daemons, submit allocations, run benchmarks.",
        subcommands = {
            UpCommand.class,
            DownCommand.class,
            PlatformCommand.class,
            DaemonCommand.class,
            SubmitCommand.class,
            DeleteCommand.class,
            MigrateCommand.class,
            ScaleCommand.class,
            StatusCommand.class,
            StatsCommand.class,
            PmsCommand.class,
            ElementsCommand.class,
            DeployPmCommand.class,
            TenantCommand.class,
            HashPasswordCommand.class,
            LangCommand.class,
            BenchCommand.class
        })
public final class FlowstreamCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new FlowstreamCli());
    }
}
