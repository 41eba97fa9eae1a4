package org.flowstream.cli;

import java.util.concurrent.Callable;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** flowstream delete ID: delete_allocation, then (by default) wait until its PMs and rules are gone. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an allocation (delete_allocation).")
final class DeleteCommand implements Callable<Integer> {

    @Mixin
    ResourceDaemonLogin connection;

    @Parameters(index = "0", description = "The allocation id.")
    int id;

    @Option(names = "--no-wait", description = "Return as soon as the deletion is accepted.")
    boolean noWait;

    @Option(names = "--timeout", description = "Seconds to wait for the deletion (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 120;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Override
    public Integer call() {
        DaemonClient client = connection.client();
        return Answers.report(
                () -> {
                    ReturnValue accepted = client.call("delete_allocation", id);
                    return accepted.isNotReady() && !noWait
                            ? Settling.await(client, id, timeoutSeconds)
                            : accepted; // "already deleted" has nothing to wait for
                },
                json);
    }
}
