package org.flowstream.openflow.channel;

import java.util.List;

/** The switch refused one or more messages of a request (OpenFlow ERROR messages, matched by xid). */
public class SwitchErrorException extends RuntimeException {

    private final List<String> errors;

    public SwitchErrorException(String switchName, List<String> errors) {
        super("switch %s refused %d message%s: %s"
                .formatted(
                        switchName,
                        errors.size(),
                        errors.size() == 1 ? "" : "s",
                        String.join("; ", errors.subList(0, Math.min(5, errors.size())))
                                + (errors.size() > 5 ? "; ..." : "")));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
