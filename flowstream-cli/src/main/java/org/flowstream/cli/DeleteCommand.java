package org.flowstream.cli;

import java.util.concurrent.Callable;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** flowstream delete ID: delete_allocation, then (by default) wait until its PMs and rules are gone. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an allocation (delete_allocation).")
final class DeleteCommand implements Callable<Integer> {

    @Mixin
    ResourceDaemonLogin connection;

    @Parameters(index = "0", description = "The allocation id.")
    int id;

    @Mixin
    WaitOptions waiting;

    @Override
    public Integer call() {
        DaemonClient client = connection.client();
        return Answers.report(
                () -> {
                    ReturnValue accepted = client.call("delete_allocation", id);
                    return accepted.isNotReady() && waiting.waits()
                            ? Settling.await(client, id, waiting.timeoutSeconds)
                            : accepted; // "already deleted" has nothing to wait for
                },
                waiting.json);
    }
}
