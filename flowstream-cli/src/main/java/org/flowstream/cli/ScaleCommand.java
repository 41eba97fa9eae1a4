package org.flowstream.cli;

import java.util.concurrent.Callable;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * flowstream scale ID out|in (operators): scale_group, then (by default) wait for the change's task, printing each
 * step the allocation's status shows on standard error.
 */
@Command(
        name = "scale",
        mixinStandardHelpOptions = true,
        description = "Grow (out) or shrink (in) an allocation's scaling group by one member now (scale_group; "
                + "operators; docs/migration.md).")
final class ScaleCommand implements Callable<Integer> {

    @Mixin
    OperatorLogin connection;

    @Parameters(index = "0", description = "The allocation id.")
    int id;

    @Parameters(index = "1", description = "out (one member more) or in (one member fewer).")
    String direction;

    @Mixin
    WaitOptions waiting;

    @Override
    public Integer call() {
        DaemonClient client = connection.client();
        return Answers.report(
                () -> {
                    ReturnValue queued = client.call("scale_group", id, direction);
                    return queued.isNotReady() && waiting.waits()
                            ? TaskProgress.await(
                                    client, (Integer) queued.value(), id, waiting, "the scale-" + direction)
                            : queued;
                },
                waiting.json);
    }
}
