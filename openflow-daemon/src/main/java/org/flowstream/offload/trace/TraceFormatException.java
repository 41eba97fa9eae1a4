package org.flowstream.offload.trace;

/** A trace file that cannot be read; the message names the file, the line or packet, and the problem. */
public final class TraceFormatException extends Exception {
    public TraceFormatException(String message) {
        super(message);
    }

    public TraceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
