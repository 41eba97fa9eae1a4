package org.flowstream.contracts.records;

/**
 * A struct that does not match its record: a required field missing, an unknown field, or a field of the
 * wrong XML-RPC type. The message names the message type and the field in the wire's own words
 * ("host registration: field 'cpu_cores' is missing"), never a Java class, so it can go back to the caller.
 */
public final class WireFormatException extends IllegalArgumentException {

    public WireFormatException(String message) {
        super(message);
    }
}
