package org.flowstream.contracts.element;

/**
 * One thing wrong with an element's configuration, found by reading it through the element's signature.
 *
 * @param argument which argument (from 0) it is about; {@link #WHOLE} when it is about the configuration as a
 *     whole (a required keyword missing)
 * @param message what is wrong, in words, written to follow the element's name: {@code ": N must be ..."} for
 *     an argument, {@code " needs EXTERNAL; ..."} for the whole
 */
public record ConfigurationProblem(int argument, String message) {

    public static final int WHOLE = -1;

    /** The problem as a sentence about {@code element} ({@code 'nat' (IPRewriter)}). */
    public String about(String element) {
        return element + message;
    }
}
