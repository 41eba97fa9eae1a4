package org.flowstream.cli;

import java.util.concurrent.Callable;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * flowstream migrate ID PM HOST: migrate_flows, then (by default) wait for the move's task, printing each step
 * the allocation's status shows on standard error.
 */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description =
                "Move a running PM of an allocation, with its flows' state, to another module host (migrate_flows).")
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    ResourceDaemonLogin connection;

    @Parameters(index = "0", description = "The allocation id.")
    int id;

    @Parameters(index = "1", description = "The PM's name in the allocation request.")
    String pm;

    @Parameters(
            index = "2",
            description = "The module host to move it to (list_hosts; bin/flowstream status ID shows where it runs).")
    String toHost;

    @Option(
            names = "--filter",
            description = "Which flows (docs/migration.md's flow filter, e.g. 'external 198.51.100.1'); "
                    + "default: every flow, the whole PM.")
    String filter = "";

    @Option(
            names = "--mode",
            description = "total_copy (freeze every flow, copy, rewire) or phased (§2.3.2: idle phase with a daisy "
                    + "chain through the switch, then batches); default: the resource daemon's settings.migrationMode.")
    String mode = "";

    @Mixin
    WaitOptions waiting;

    @Override
    public Integer call() {
        DaemonClient client = connection.client();
        return Answers.report(
                () -> {
                    ReturnValue queued = mode.isEmpty()
                            ? client.call("migrate_flows", id, pm, toHost, filter)
                            : client.call("migrate_flows", id, pm, toHost, filter, mode);
                    return queued.isNotReady() && waiting.waits()
                            ? TaskProgress.await(client, (Integer) queued.value(), id, waiting, "the move")
                            : queued;
                },
                waiting.json);
    }
}
