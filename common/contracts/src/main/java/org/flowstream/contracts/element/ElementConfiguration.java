package org.flowstream.contracts.element;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * An element's configuration read through its signature's keywords: the one place the keyword rules live. The
 * module host's runtime hands an element this instead of its raw arguments, and {@code lang check} reads a
 * request's configurations with it too, so the two accept and refuse exactly the same configurations with the
 * same words.
 *
 * <p>The rules are Click's usage: positional keywords first, each written as its value alone in the declared
 * order (a {@code NAME...} keyword takes all that remain); then {@code KEYWORD value} pairs, the keyword matched
 * regardless of case. An unknown keyword, a missing required one, one argument too many and a value that does
 * not fit its keyword's {@link KeywordType} are {@link #problems()}. The typed getters give a given value or
 * else the keyword's declared default.
 */
public final class ElementConfiguration {

    private final String className;
    private final List<Keyword> keywords;
    private final List<String> arguments;
    /** The values given, by keyword; a {@code NAME...} keyword holds all it took. */
    private final Map<Keyword, List<String>> given = new LinkedHashMap<>();

    private final List<ConfigurationProblem> problems = new ArrayList<>();

    private ElementConfiguration(String className, List<Keyword> keywords, List<String> arguments) {
        this.className = className;
        this.keywords = List.copyOf(keywords);
        this.arguments = List.copyOf(arguments);
    }

    /** Reads {@code arguments} (split and unquoted, as {@code ClickArguments.values} gives them). */
    public static ElementConfiguration read(ElementSignature signature, List<String> arguments) {
        return read(signature.className(), signature.keywords(), arguments);
    }

    /** Reads {@code arguments} against the keywords of the class named {@code className}. */
    public static ElementConfiguration read(String className, List<Keyword> keywords, List<String> arguments) {
        ElementConfiguration configuration = new ElementConfiguration(className, keywords, arguments);
        configuration.readArguments();
        return configuration;
    }

    /** Everything wrong with the configuration, in argument order; empty when the element may take it. */
    public List<ConfigurationProblem> problems() {
        return List.copyOf(problems);
    }

    /** The arguments as given, for an element that reads its own syntax inside a value (rules, patterns). */
    public List<String> arguments() {
        return arguments;
    }

    /** Whether the configuration gave {@code name} (else a getter gives its default). */
    public boolean has(String name) {
        return given.containsKey(keyword(name));
    }

    /** The value of {@code name}: given (the last one, if given twice), or its default. */
    public String text(String name) {
        Keyword keyword = keyword(name);
        List<String> values = given.get(keyword);
        return values != null ? values.get(values.size() - 1).strip() : keyword.defaultValue();
    }

    /** Every value a {@code NAME...} keyword took, in order. */
    public List<String> texts(String name) {
        return given.getOrDefault(keyword(name), List.of());
    }

    /** A whole-number keyword ({@code integer A-B}, {@code seconds}, {@code bytes}). */
    public int integer(String name) {
        return KeywordType.integer(text(name));
    }

    /** A number keyword ({@code packets per second}, {@code packets}). */
    public double number(String name) {
        return KeywordType.number(text(name));
    }

    /** An {@code IPv4 address or prefix} keyword. */
    public Ipv4Prefix prefix(String name) {
        return KeywordType.prefix(text(name));
    }

    /** A {@code port range} keyword. */
    public KeywordType.PortRange portRange(String name) {
        return KeywordType.range(text(name));
    }

    /** The element's usage in words: which arguments it takes and how each is written. */
    public String usage() {
        List<Keyword> positional = positional();
        List<Keyword> named = named();
        if (positional.isEmpty() && named.isEmpty()) {
            return className + " takes no configuration";
        }
        List<String> parts = new ArrayList<>();
        if (!positional.isEmpty()) {
            parts.add(names(positional) + " (values alone, in this order)");
        }
        if (!named.isEmpty()) {
            parts.add(names(named) + " (each written 'KEYWORD value')");
        }
        return className + " takes " + String.join(", then ", parts);
    }

    private Keyword keyword(String name) {
        return keywords.stream()
                .filter(k -> k.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "%s's signature declares no keyword %s".formatted(className, name)));
    }

    private List<Keyword> positional() {
        return keywords.stream().filter(Keyword::positional).toList();
    }

    private List<Keyword> named() {
        return keywords.stream().filter(k -> !k.positional()).toList();
    }

    private void readArguments() {
        List<Keyword> positional = positional();
        List<Keyword> named = named();
        int nextPositional = 0;
        for (int i = 0; i < arguments.size(); i++) {
            String value = arguments.get(i);
            String[] words = value.strip().split("\\s+", 2);
            Optional<Keyword> keyword = named.stream()
                    .filter(k -> k.name().equalsIgnoreCase(words[0]))
                    .findFirst();
            boolean namedGiven = given.keySet().stream().anyMatch(k -> !k.positional());
            if (keyword.isPresent() && words.length == 2) {
                take(i, keyword.get(), words[1]);
            } else if (!namedGiven && nextPositional < positional.size()) {
                Keyword slot = positional.get(nextPositional);
                if (slot.name().equalsIgnoreCase(words[0]) && words.length == 2) {
                    given.computeIfAbsent(slot, k -> new ArrayList<>()).add(value); // refused, but not missing
                    problem(
                            i,
                            ": %s is written as its value alone, not '%s'; %s".formatted(slot.name(), value, usage()));
                } else {
                    take(i, slot, value);
                }
                nextPositional += slot.takesTheRest() ? 0 : 1;
            } else {
                problem(i, ": %s; %s".formatted(unexpected(words, keyword, named), usage()));
            }
        }
        List<String> missing = keywords.stream()
                .filter(k -> k.required() && !given.containsKey(k))
                .map(Keyword::name)
                .toList();
        if (!missing.isEmpty()) {
            problem(ConfigurationProblem.WHOLE, " needs %s; %s".formatted(String.join(" and ", missing), usage()));
        }
    }

    /** Records a value for its keyword, or the problem with it. */
    private void take(int argument, Keyword keyword, String value) {
        given.computeIfAbsent(keyword, k -> new ArrayList<>()).add(value);
        KeywordType.problem(keyword.type(), value)
                .ifPresent(expected -> problem(
                        argument, ": %s must be %s, got '%s'".formatted(keyword.name(), expected, value.strip())));
    }

    private void problem(int argument, String message) {
        problems.add(new ConfigurationProblem(argument, message));
    }

    /** Why an argument that fits no slot was refused. */
    private static String unexpected(String[] words, Optional<Keyword> keyword, List<Keyword> named) {
        if (keyword.isPresent()) {
            return "%s needs a value: write '%s value'"
                    .formatted(keyword.get().name(), keyword.get().name());
        }
        boolean keywordLike = words[0].matches("[A-Z][A-Z0-9_]*")
                || (!named.isEmpty() && words.length == 2 && words[0].matches("[A-Za-z][A-Za-z0-9_]*"));
        if (keywordLike) {
            return "it has no keyword '%s'".formatted(words[0]);
        }
        String argument = String.join(" ", words);
        return named.isEmpty()
                ? "one argument too many: '%s'".formatted(argument)
                : "'%s' is not 'KEYWORD value' with one of its keywords".formatted(argument);
    }

    private static String names(List<Keyword> keywords) {
        return keywords.stream()
                .map(k -> k.required() ? k.name() : "[" + k.name() + "]")
                .collect(Collectors.joining(", "));
    }
}
