package org.flowstream.lang.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.catalogue.PmCatalogue;

/**
 * Runs the checker for a command. Bad input never throws; should the checker itself fail, the
 * user gets one error line naming the file instead of a stack trace.
 */
final class CheckSafely {

    private CheckSafely() {}

    /** The result, or null after printing {@code file: error: internal error ...}. */
    static CheckResult check(Path file, String text, PmCatalogue catalogue, PrintWriter err) {
        try {
            return AllocationLanguage.check(file.toString(), text, catalogue);
        } catch (RuntimeException e) {
            err.println(file + ": error: internal error in the checker; please report it with this file");
            return null;
        }
    }
}
