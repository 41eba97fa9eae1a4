package org.flowstream.resource.gateway;

/** Another daemon refused or could not be reached; the message names it and says why. */
public class GatewayException extends RuntimeException {

    public GatewayException(String message) {
        super(message);
    }

    public GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
