package org.flowstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** flowstream deploy-pm NAME FILE: deploy_pm, a new PM type from Java source (operators). */
@Command(
        name = "deploy-pm",
        mixinStandardHelpOptions = true,
        description = "Deploy a new processing module type from its Java source (deploy_pm).")
final class DeployPmCommand implements Callable<Integer> {

    @Mixin
    OperatorLogin connection;

    @Parameters(index = "0", description = "The PM type's name.")
    String name;

    @Parameters(index = "1", description = "The Java source file.")
    Path file;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        String source = Files.readString(file);
        return Answers.report(() -> connection.client().call("deploy_pm", name, source), json);
    }
}
