package org.flowstream.cli;

import java.util.concurrent.Callable;
import org.flowstream.modulehost.reference.ElementReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** flowstream elements: the element reference, generated from the built-in elements' signatures. */
@Command(
        name = "elements",
        mixinStandardHelpOptions = true,
        description = {
            "Print the element reference generated from the built-in elements' signatures (docs/elements.md),",
            "or with --json the signatures the language's built-in catalogue reads."
        })
final class ElementsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the signatures as JSON (built-in-elements.json).")
    boolean json;

    @Override
    public Integer call() {
        System.out.print(json ? ElementReference.json() : ElementReference.markdown());
        return 0;
    }
}
