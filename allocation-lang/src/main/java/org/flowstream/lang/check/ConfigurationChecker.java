package org.flowstream.lang.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.contracts.element.Keyword;
import org.flowstream.lang.config.ConfigArg;

/**
 * Checks each PM's configuration against the keywords its class's signature declares, reading the arguments
 * as the module host's elements do (Click's usage): positional arguments first, each its value alone, in the
 * declared order (a {@code NAME...} argument takes all that remain); then {@code KEYWORD value} pairs, the
 * keyword matched regardless of case. Refuses an unknown keyword, a missing required one, one argument too
 * many, and a value of the wrong type where the signature states a checkable type ({@link KeywordValues}).
 * Classes whose keywords the catalogue does not know are not checked.
 */
final class ConfigurationChecker {

    private final DiagnosticSink diagnostics;

    ConfigurationChecker(DiagnosticSink diagnostics) {
        this.diagnostics = diagnostics;
    }

    void check(FlatGraph graph) {
        for (FlatNode node : graph.elements()) {
            if (node.elementClass instanceof ElementClass.Pm pm) {
                pm.type()
                        .declaredKeywords()
                        .ifPresent(keywords -> check(node, pm.type().className(), keywords));
            }
        }
    }

    private void check(FlatNode node, String className, List<Keyword> keywords) {
        List<Keyword> positional = keywords.stream().filter(Keyword::positional).toList();
        List<Keyword> named = keywords.stream().filter(k -> !k.positional()).toList();
        String element = "'%s' (%s)".formatted(node.name, className);
        String takes = takes(className, positional, named);
        Set<Keyword> given = new HashSet<>();
        int nextPositional = 0;
        for (ConfigArg arg : node.args) {
            String value = arg.value();
            String[] words = value.strip().split("\\s+", 2);
            Optional<Keyword> keyword = named.stream()
                    .filter(k -> k.name().equalsIgnoreCase(words[0]))
                    .findFirst();
            if (keyword.isPresent() && words.length == 2) {
                checkValue(arg, element, keyword.get(), words[1]);
                given.add(keyword.get());
            } else if (!given.stream().anyMatch(k -> !k.positional()) && nextPositional < positional.size()) {
                Keyword slot = positional.get(nextPositional);
                if (slot.name().equalsIgnoreCase(words[0]) && words.length == 2) {
                    report(
                            arg,
                            "%s: %s is written as its value alone, not '%s'; %s"
                                    .formatted(element, slot.name(), value, takes));
                } else {
                    checkValue(arg, element, slot, value);
                }
                given.add(slot);
                nextPositional += slot.takesTheRest() ? 0 : 1;
            } else {
                report(arg, "%s: %s; %s".formatted(element, unexpected(words, keyword, named), takes));
            }
        }
        List<String> missing = keywords.stream()
                .filter(k -> k.required() && !given.contains(k))
                .map(Keyword::name)
                .toList();
        if (!missing.isEmpty()) {
            diagnostics.semantic(node.pos, "%s needs %s; %s".formatted(element, String.join(" and ", missing), takes));
        }
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

    private void checkValue(ConfigArg arg, String element, Keyword keyword, String value) {
        KeywordValues.problem(keyword.type(), value)
                .ifPresent(expected -> report(
                        arg,
                        "%s: %s must be %s, got '%s'".formatted(element, keyword.name(), expected, value.strip())));
    }

    private void report(ConfigArg arg, String message) {
        diagnostics.semantic(arg.pos(), message);
    }

    /** The element's usage in words: which arguments it takes and how each is written. */
    static String takes(String className, List<Keyword> positional, List<Keyword> named) {
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

    private static String names(List<Keyword> keywords) {
        return keywords.stream()
                .map(k -> k.required() ? k.name() : "[" + k.name() + "]")
                .collect(Collectors.joining(", "));
    }
}
