package org.flowstream.contracts.match;

import java.util.List;

/** A match that cannot be read, with every problem found, each a sentence that names the part at fault. */
public final class InvalidMatchException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidMatchException(String match, List<String> problems) {
        super("bad match \"" + match + "\": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
