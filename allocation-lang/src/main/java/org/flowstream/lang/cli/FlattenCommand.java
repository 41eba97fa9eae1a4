package org.flowstream.lang.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.catalogue.DefaultPmCatalogue;
import org.flowstream.lang.catalogue.PmCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lang flatten FILE}: prints the checked request flattened and normalized; exit code 1 on errors. */
@Command(
        name = "flatten",
        mixinStandardHelpOptions = true,
        description = "Print a valid allocation request flattened (compounds expanded) and normalized.")
public final class FlattenCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "allocation request file")
    Path file;

    @Spec
    CommandSpec spec;

    private final PmCatalogue catalogue;

    public FlattenCommand() {
        this(DefaultPmCatalogue.create());
    }

    public FlattenCommand(PmCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String text = RequestFiles.read(file, err);
        if (text == null) {
            err.flush();
            return 1;
        }
        CheckResult result = CheckSafely.check(file, text, catalogue, err);
        if (result == null) {
            err.flush();
            return 1;
        }
        if (!result.ok()) {
            err.println(result.errorText());
            err.flush();
            return 1;
        }
        out.print(AllocationLanguage.print(result.service()));
        out.flush();
        return 0;
    }
}
