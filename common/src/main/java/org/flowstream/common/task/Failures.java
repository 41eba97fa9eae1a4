package org.flowstream.common.task;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an exception into one sentence a person can read. Our own exceptions (and argument or state
 * errors) carry messages written for people and are passed on; anything else is a bug or a broken
 * dependency, whose class name and text mean nothing to a caller: it is logged with its stack trace under
 * a reference, and the caller is told to look that reference up in the daemon's log.
 */
public final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {}

    public static String describe(Throwable error) {
        String message = error.getMessage();
        if (message != null && !message.isBlank() && isWrittenForPeople(error)) {
            return message;
        }
        return internalError(error);
    }

    /** Logs the error with a fresh reference and answers the sentence that names it. */
    public static String internalError(Throwable error) {
        String reference =
                HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        LOG.error("internal error, reference {}", reference, error);
        return "internal error (see the daemon's log, reference %s)".formatted(reference);
    }

    private static boolean isWrittenForPeople(Throwable error) {
        return error instanceof IllegalArgumentException
                || error instanceof IllegalStateException
                || error instanceof UnsupportedOperationException
                || error.getClass().getName().startsWith("org.flowstream.");
    }
}
