package org.flowstream.resource.allocation;

/** A request that can never be installed as written: the message lists every problem. */
public class RequestRejectedException extends RuntimeException {

    public RequestRejectedException(String message) {
        super(message);
    }
}
