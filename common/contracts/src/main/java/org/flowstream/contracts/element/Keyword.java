package org.flowstream.contracts.element;

/**
 * One configuration argument an element takes, as Click's element pages list them.
 *
 * @param name what the argument is called: a Click keyword ({@code EXTERNAL}) when it is written {@code
 *     KEYWORD value}, else a positional name in capitals ({@code RATE}); {@code RULE...} for a list
 * @param type what a value looks like ("IPv4 address", "integer", "port range", ...)
 * @param required whether a configuration must give it
 * @param defaultValue what it is when not given; empty when required or when there is none
 * @param meaning what it does, in a sentence
 * @param positional whether it is written as its value alone, in its place among the positional arguments
 *     (Click's usage: positional arguments first, then {@code KEYWORD value} pairs); a positional name ending
 *     in {@code ...} takes every remaining positional argument. False: it is written {@code KEYWORD value}.
 */
public record Keyword(
        String name, String type, boolean required, String defaultValue, String meaning, boolean positional) {

    public Keyword {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a keyword needs a name");
        }
        type = type == null ? "" : type;
        defaultValue = defaultValue == null ? "" : defaultValue;
        meaning = meaning == null ? "" : meaning;
    }

    /** A keyword written {@code KEYWORD value}. */
    public Keyword(String name, String type, boolean required, String defaultValue, String meaning) {
        this(name, type, required, defaultValue, meaning, false);
    }

    /** Whether it takes every remaining positional argument ({@code RULE...}). */
    public boolean takesTheRest() {
        return positional && name.endsWith("...");
    }
}
