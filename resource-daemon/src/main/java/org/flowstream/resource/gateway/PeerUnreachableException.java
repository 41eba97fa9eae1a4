package org.flowstream.resource.gateway;

/**
 * Another daemon did not answer at all (connection refused, timed out): unlike a refusal, this may pass when
 * the daemon is restarted, so the allocation steps retry it for a while before giving up.
 */
public class PeerUnreachableException extends GatewayException {

    public PeerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
