package org.flowstream.cli;

import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** flowstream stats ID: the monitoring daemon's packet and byte counts of one of your allocations. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Flow statistics of an allocation (the monitoring daemon's get_flow_stats).")
final class StatsCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Option(names = "--monitoring-url", description = "Monitoring daemon URL (default: ${DEFAULT-VALUE}).")
    String monitoringUrl = "http://127.0.0.1:7103/RPC2";

    @Parameters(index = "0", description = "The allocation id.")
    int id;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Override
    public Integer call() {
        return Answers.report(() -> connection.client(URI.create(monitoringUrl)).call("get_flow_stats", id), json);
    }
}
