package org.flowstream.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** flowstream pms: get_pm_info, the PM types the platform offers. */
@Command(name = "pms", mixinStandardHelpOptions = true, description = "List the processing module types (get_pm_info).")
final class PmsCommand implements Callable<Integer> {

    @Mixin
    ResourceDaemonLogin connection;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Override
    public Integer call() {
        return Answers.report(() -> connection.client().call("get_pm_info"), json);
    }
}
