package org.flowstream.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** flowstream delete ID: delete_allocation. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an allocation (delete_allocation).")
final class DeleteCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Parameters(index = "0", description = "The allocation id.")
    int id;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Override
    public Integer call() {
        return Answers.report(() -> connection.client().call("delete_allocation", id), json);
    }
}
