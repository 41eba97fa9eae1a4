package org.flowstream.common.rpc;

/** A daemon could not be reached at all (refused connection, timeout, HTTP error). */
public class DaemonUnreachableException extends RuntimeException {

    public DaemonUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
