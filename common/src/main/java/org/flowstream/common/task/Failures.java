package org.flowstream.common.task;

/** Turns an exception into one line a person can read: the message, or the exception's kind when it has none. */
public final class Failures {

    private Failures() {
    }

    public static String describe(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return error.getClass().getSimpleName();
        }
        if (error instanceof IllegalArgumentException || error instanceof IllegalStateException
                || error.getClass().getName().startsWith("org.flowstream.")) {
            return message; // our own exceptions carry messages written for people
        }
        return error.getClass().getSimpleName() + ": " + message;
    }
}
