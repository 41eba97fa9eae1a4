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
        if (error instanceof IllegalArgumentException || error instanceof IllegalStateException) {
            return message;
        }
        return error.getClass().getSimpleName() + ": " + message;
    }
}
