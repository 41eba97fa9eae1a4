package org.flowstream.openflow.channel;

import java.util.List;
import org.flowstream.openflow.rules.driver.SwitchRefusedException;

/** The switch refused one or more messages of a request (OpenFlow ERROR messages, matched by xid). */
public class SwitchErrorException extends RuntimeException {

    private final List<String> errors;

    public SwitchErrorException(String switchName, List<String> errors) {
        super(SwitchRefusedException.summary(switchName, errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
