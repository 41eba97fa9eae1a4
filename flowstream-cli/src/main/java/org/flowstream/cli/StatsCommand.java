package org.flowstream.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * flowstream stats ID: packet and byte counts of one of your allocations. The resource daemon checks that the
 * allocation is yours and asks the monitoring daemon (tenants have accounts only at the front door).
 */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = "Flow statistics of an allocation (get_flow_stats, from the monitoring daemon).")
final class StatsCommand implements Callable<Integer> {

    @Mixin
    ResourceDaemonLogin connection;

    @Parameters(index = "0", description = "The allocation id.")
    int id;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Override
    public Integer call() {
        return Answers.report(() -> connection.client().call("get_flow_stats", id), json);
    }
}
