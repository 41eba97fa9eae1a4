package org.flowstream.openflow.channel;

/** The connection to the switch closed before it answered. */
public class SwitchDisconnectedException extends RuntimeException {

    public SwitchDisconnectedException(String message) {
        super(message);
    }
}
