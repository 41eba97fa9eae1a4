package org.flowstream.cli;

import java.util.Map;
import java.util.Objects;
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

    @Option(names = "--no-wait", description = "Return as soon as the move is queued (prints the task id).")
    boolean noWait;

    @Option(names = "--timeout", description = "Seconds to wait for the move (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 120;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Override
    public Integer call() {
        DaemonClient client = connection.client();
        return Answers.report(
                () -> {
                    ReturnValue queued = client.call("migrate_flows", id, pm, toHost, filter);
                    return queued.isNotReady() && !noWait ? awaitTask(client, (Integer) queued.value()) : queued;
                },
                json);
    }

    /** Polls the task's result, echoing the allocation's reason (the move's current step) whenever it changes. */
    private ReturnValue awaitTask(DaemonClient client, int task) {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        String lastStep = "";
        while (System.nanoTime() < deadline) {
            ReturnValue result = client.call("get_task_result", task);
            if (!result.isNotReady()) {
                return result;
            }
            Object status = client.call("get_allocation", id).value();
            String reason = status instanceof Map<?, ?> m ? Objects.toString(m.get("reason"), "") : "";
            if (!reason.equals(lastStep)) {
                System.err.println(reason);
                lastStep = reason;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ReturnValue.failure("the move (task %d) is still running after %d s; check: bin/flowstream status %d"
                .formatted(task, timeoutSeconds, id));
    }
}
