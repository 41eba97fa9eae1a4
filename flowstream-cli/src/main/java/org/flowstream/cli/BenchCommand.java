package org.flowstream.cli;

import org.flowstream.balancer.bench.BalancerBenchCommand;
import org.flowstream.cli.bench.ActivateBenchCommand;
import org.flowstream.cli.bench.ApiBenchCommand;
import org.flowstream.cli.bench.chaos.ChaosBenchCommand;
import org.flowstream.modulehost.bench.PmBenchCommand;
import org.flowstream.modulehost.bench.migrate.MigrateBenchCommand;
import org.flowstream.offload.bench.OffloadBenchCommand;
import org.flowstream.openflow.bench.OpenflowBenchCommand;
import org.flowstream.placement.bench.PlacementBenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** flowstream bench ...: the benchmarks, each printing figures beside a baseline measured in the same run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        subcommands = {
            ApiBenchCommand.class,
            PlacementBenchCommand.class,
            OpenflowBenchCommand.class,
            PmBenchCommand.class,
            ActivateBenchCommand.class,
            BalancerBenchCommand.class,
            OffloadBenchCommand.class,
            ChaosBenchCommand.class,
            MigrateBenchCommand.class
        },
        description = "Benchmarks with fixed seeds; each takes --json and prints one JSON object.")
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
