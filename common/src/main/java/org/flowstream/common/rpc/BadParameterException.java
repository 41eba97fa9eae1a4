package org.flowstream.common.rpc;

/** A caller sent a parameter of the wrong type or count; the message says which and what was expected. */
public class BadParameterException extends IllegalArgumentException {

    public BadParameterException(String message) {
        super(message);
    }
}
