package org.flowstream.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** flowstream status [ID]: one allocation's state and placement, or the list of the caller's allocations. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show one allocation (get_allocation) or all of yours (list_allocations).")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ResourceDaemonLogin connection;

    @Parameters(index = "0", arity = "0..1", description = "The allocation id; omit it to list all.")
    Integer id;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Override
    public Integer call() {
        return Answers.report(
                () -> id == null
                        ? connection.client().call("list_allocations")
                        : connection.client().call("get_allocation", id),
                json);
    }
}
