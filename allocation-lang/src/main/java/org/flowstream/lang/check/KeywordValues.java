package org.flowstream.lang.check;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * Whether a configuration value fits the type a signature states for it, read the way the module host's
 * elements read it (so {@code lang check} refuses what a PM would refuse at start, and nothing it would take).
 * Types are the words signatures use ({@code "integer 1-64"}, {@code "seconds"}, ...); a type not listed here
 * (an interface name, a filter rule) is not checked.
 */
final class KeywordValues {

    private static final Pattern INTEGER_RANGE = Pattern.compile("integer (\\d+)-(\\d+)");

    /** An IPRewriter pool holds at most this many addresses (a /24). */
    private static final int MAX_POOL_PREFIX = 24;

    private KeywordValues() {}

    /** What is wrong with {@code value} as a {@code type}, in words; empty when it fits or is not checked. */
    static Optional<String> problem(String type, String value) {
        String text = value.strip();
        Matcher range = INTEGER_RANGE.matcher(type);
        if (range.matches()) {
            long min = Long.parseLong(range.group(1));
            long max = Long.parseLong(range.group(2));
            return wholeNumber(text).filter(n -> n >= min && n <= max).isPresent()
                    ? Optional.empty()
                    : Optional.of("a whole number from %d to %d".formatted(min, max));
        }
        return switch (type) {
            case "seconds" ->
                wholeNumber(text).filter(n -> n >= 1).isPresent()
                        ? Optional.empty()
                        : Optional.of("a whole number of seconds, at least 1");
            case "bytes" -> wholeNumber(text).isPresent() ? Optional.empty() : Optional.of("a whole number of bytes");
            case "packets per second", "packets" ->
                positiveNumber(text) ? Optional.empty() : Optional.of("a positive number of " + type);
            case "IPv4 address or prefix" -> addressPool(text);
            case "port range" -> portRange(text) ? Optional.empty() : Optional.of("a range LOW-HIGH within 1-65535");
            case "src or dst" ->
                text.equals("src") || text.equals("dst") ? Optional.empty() : Optional.of("src or dst");
            default -> Optional.empty();
        };
    }

    private static Optional<Integer> wholeNumber(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** As RateLimiter reads a rate: a decimal, optionally followed by "pps". */
    private static boolean positiveNumber(String text) {
        try {
            return Double.parseDouble(text.replaceAll("(?i)\\s*pps$", "")) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Optional<String> addressPool(String text) {
        try {
            if (Ipv4Prefix.parse(text).length() < MAX_POOL_PREFIX) {
                return Optional.of("an IPv4 address or a prefix of at most 256 addresses (a /24 or longer)");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("an IPv4 address or prefix (" + e.getMessage() + ")");
        }
    }

    /** As IPRewriter reads PORTS: LOW-HIGH (or one port), 1 <= LOW <= HIGH <= 65535. */
    private static boolean portRange(String text) {
        String[] ends = text.split("-");
        if (ends.length == 0) {
            return false;
        }
        Optional<Integer> low = wholeNumber(ends[0].strip());
        Optional<Integer> high = wholeNumber(ends[ends.length - 1].strip());
        return low.isPresent() && high.isPresent() && low.get() >= 1 && high.get() <= 65535 && high.get() >= low.get();
    }
}
