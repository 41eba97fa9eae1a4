package org.flowstream.openflow.rules.driver;

/** The switch went away (or stayed silent past the time limit) before it confirmed or answered. */
public class SwitchUnreachableException extends RuntimeException {

    public SwitchUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
