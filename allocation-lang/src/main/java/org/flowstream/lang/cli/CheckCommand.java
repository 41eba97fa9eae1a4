package org.flowstream.lang.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.catalogue.DefaultPmCatalogue;
import org.flowstream.lang.catalogue.PmCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lang check FILE...}: prints every error; exit code 0 when all files are valid, 1 otherwise. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Check allocation requests; print errors as file:line:column: error: message.",
            "Offline against the built-in PM catalogue; with --platform or --url against a running platform, which"
                    + " refuses exactly what install_allocation would (unknown PM types and I/O nodes, traffic other"
                    + " allocations capture, quota), storing nothing."
        })
public final class CheckCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "allocation request files")
    List<Path> files;

    @Option(
            names = {"-q", "--quiet"},
            description = "print nothing for valid files")
    boolean quiet;

    @Option(
            names = "--platform",
            description = "check against the running platform ($FLOWSTREAM_URL or the one bin/flowstream up started,"
                    + " with its credentials)")
    boolean platform;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "check against the resource daemon at URL (implies --platform)")
    String url;

    @Spec
    CommandSpec spec;

    /** The catalogue to check against; the daemons' wiring may swap in the platform's own. */
    private final PmCatalogue catalogue;

    public CheckCommand() {
        this(DefaultPmCatalogue.create());
    }

    public CheckCommand(PmCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean allValid = true;
        for (Path file : files) {
            String text = RequestFiles.read(file, err);
            if (text == null) {
                allValid = false;
                continue;
            }
            if (platform || url != null) {
                allValid &= checkOnPlatform(file, text, out, err);
                continue;
            }
            CheckResult result = CheckSafely.check(file, text, catalogue, err);
            if (result == null) {
                allValid = false;
                continue;
            }
            if (result.ok()) {
                if (!quiet) {
                    out.println(file + ": ok (" + result.service().modules().size() + " PMs, "
                            + result.service().connections().size() + " connections)");
                }
            } else {
                err.println(result.errorText());
                allValid = false;
            }
        }
        out.flush();
        err.flush();
        return allValid ? 0 : 1;
    }

    private boolean checkOnPlatform(Path file, String text, PrintWriter out, PrintWriter err) {
        PlatformCheck check = PlatformCheck.installed().orElse(null);
        if (check == null) {
            err.println(file + ": error: this build cannot reach a platform; run it through bin/flowstream");
            return false;
        }
        List<String> problems;
        try {
            problems = check.check(url, file.toString(), text);
        } catch (IllegalStateException e) {
            err.println(file + ": error: " + e.getMessage());
            return false;
        }
        if (problems.isEmpty() && !quiet) {
            out.println(file + ": ok (the platform would accept it now)");
        }
        problems.forEach(err::println);
        return problems.isEmpty();
    }
}
