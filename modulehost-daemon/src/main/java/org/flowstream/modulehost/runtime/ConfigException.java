package org.flowstream.modulehost.runtime;

/** A PM configuration (graph text or an element's arguments) is wrong; the message says what and where. */
public class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }
}
