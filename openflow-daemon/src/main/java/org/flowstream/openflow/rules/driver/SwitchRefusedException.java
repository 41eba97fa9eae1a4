package org.flowstream.openflow.rules.driver;

import java.util.List;

/** The switch refused one or more rule changes of a batch; {@link #errors()} says why, one line each. */
public class SwitchRefusedException extends RuntimeException {

    private final List<String> errors;

    public SwitchRefusedException(String switchName, List<String> errors) {
        super(summary(switchName, errors));
        this.errors = List.copyOf(errors);
    }

    /** "switch S refused N messages: first; second; ..." (at most five reasons, for a one-line answer). */
    public static String summary(String switchName, List<String> errors) {
        return "switch %s refused %d message%s: %s"
                .formatted(
                        switchName,
                        errors.size(),
                        errors.size() == 1 ? "" : "s",
                        String.join("; ", errors.subList(0, Math.min(5, errors.size())))
                                + (errors.size() > 5 ? "; ..." : ""));
    }

    public List<String> errors() {
        return errors;
    }
}
