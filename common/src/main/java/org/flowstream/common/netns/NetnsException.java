package org.flowstream.common.netns;

/** An {@code ip} command failed; the message carries the command line and what {@code ip} printed. */
public class NetnsException extends RuntimeException {

    public NetnsException(String message) {
        super(message);
    }

    public NetnsException(String message, Throwable cause) {
        super(message, cause);
    }
}
