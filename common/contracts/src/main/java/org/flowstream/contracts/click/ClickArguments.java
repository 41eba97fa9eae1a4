package org.flowstream.contracts.click;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Click configuration string as a list of arguments, the way Click splits it: at commas that are not inside
 * quotes, parentheses, brackets or braces. Comments are dropped, blanks around each argument trimmed, and a
 * final empty argument after a trailing comma ignored. The allocation language, the resource daemon and the
 * module host all split and write configurations here, so what one side writes the other reads back.
 */
public final class ClickArguments {

    /**
     * One argument as written (quotes kept, comments and surrounding blanks removed).
     *
     * @param offset where the argument starts in the configuration string (for an empty argument: where it
     *     ends), so a caller can report a position
     */
    public record Argument(String raw, int offset) {

        /** The argument's value as an element sees it: quotes removed, escapes decoded. */
        public String value() {
            return ClickStrings.unquote(raw);
        }
    }

    /** A {@code KEYWORD value} argument (Click's keyword arguments: an upper-case word, a blank, the value). */
    public record KeywordArgument(String keyword, String value) {}

    private ClickArguments() {}

    /** The arguments of {@code config} as written; an empty or blank configuration has none. */
    public static List<Argument> split(String config) {
        if (config == null || config.isBlank()) {
            return List.of();
        }
        return new Splitter(config).run();
    }

    /** The arguments' values: split, then each unquoted. */
    public static List<String> values(String config) {
        return split(config).stream().map(Argument::value).toList();
    }

    /** Writes values as one configuration string that {@link #values} gives back exactly. */
    public static String join(List<String> values) {
        return values.stream().map(ClickStrings::quote).collect(Collectors.joining(", "));
    }

    /**
     * Reads {@code KEYWORD value} from an argument's value: the keyword is the first word when it is all
     * capital letters, digits and underscores (starting with a letter); the value is the rest, trimmed.
     */
    public static Optional<KeywordArgument> keyword(String value) {
        String text = value.strip();
        int blank = 0;
        while (blank < text.length() && !Character.isWhitespace(text.charAt(blank))) {
            blank++;
        }
        String word = text.substring(0, blank);
        if (!word.matches("[A-Z][A-Z0-9_]*")) {
            return Optional.empty();
        }
        return Optional.of(new KeywordArgument(word, text.substring(blank).strip()));
    }

    /** The index after the quoted run starting at {@code i} (backslash escapes only inside double quotes). */
    static int afterQuoted(String text, int i) {
        char quote = text.charAt(i);
        int k = i + 1;
        while (k < text.length()) {
            char c = text.charAt(k);
            if (c == quote) {
                return k + 1;
            }
            k += c == '\\' && quote == '"' ? 2 : 1;
        }
        return text.length();
    }

    /** The index after the comment starting at {@code i}: a line comment keeps its newline. */
    static int afterComment(String text, int i) {
        boolean line = text.startsWith("//", i);
        int end = text.indexOf(line ? "\n" : "*/", i + 2);
        if (end < 0) {
            return text.length();
        }
        return line ? end : end + 2;
    }

    /** One pass over a configuration string. */
    private static final class Splitter {

        private final String text;
        private final List<Argument> args = new ArrayList<>();
        private final StringBuilder current = new StringBuilder();
        private int currentStart = -1;
        private int depth;

        Splitter(String text) {
            this.text = text;
        }

        List<Argument> run() {
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"' || c == '\'') {
                    i = copy(i, afterQuoted(text, i));
                } else if (text.startsWith("//", i) || text.startsWith("/*", i)) {
                    boolean block = c == '/' && text.charAt(i + 1) == '*';
                    i = afterComment(text, i);
                    if (block) {
                        current.append(' '); // a block comment separates what is around it
                    }
                } else if (c == ',' && depth == 0) {
                    finish(i);
                    i++;
                } else {
                    if (c == '(' || c == '[' || c == '{') {
                        depth++;
                    } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                        depth--;
                    }
                    i = copy(i, i + 1);
                }
            }
            // A trailing comma leaves nothing behind it: Click ignores that final empty argument.
            if (currentStart >= 0) {
                finish(text.length());
            }
            return List.copyOf(args);
        }

        private int copy(int from, int to) {
            if (currentStart < 0 && !Character.isWhitespace(text.charAt(from))) {
                currentStart = from;
            }
            current.append(text, from, to);
            return to;
        }

        private void finish(int at) {
            args.add(new Argument(current.toString().strip(), currentStart >= 0 ? currentStart : at));
            current.setLength(0);
            currentStart = -1;
        }
    }
}
