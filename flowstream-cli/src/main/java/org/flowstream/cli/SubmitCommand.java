package org.flowstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** flowstream submit FILE: install_allocation, then (by default) wait until the allocation is active or failed. */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = "Submit an allocation request (install_allocation).")
final class SubmitCommand implements Callable<Integer> {

    @Mixin
    ResourceDaemonLogin connection;

    @Parameters(index = "0", description = "The allocation request file.")
    Path file;

    @Mixin
    WaitOptions waiting;

    @Override
    public Integer call() throws Exception {
        String text = Files.readString(file);
        DaemonClient client = connection.client();
        return Answers.report(
                () -> {
                    ReturnValue accepted = client.call("install_allocation", text);
                    if (accepted.isFailure() || !waiting.waits()) {
                        return accepted;
                    }
                    int id = (Integer) accepted.value();
                    System.err.printf("allocation %d accepted; waiting for it to become active%n", id);
                    return Settling.await(client, id, waiting.timeoutSeconds);
                },
                waiting.json);
    }
}
