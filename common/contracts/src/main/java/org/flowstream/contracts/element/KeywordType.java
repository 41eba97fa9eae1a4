package org.flowstream.contracts.element;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * The value types signatures give keywords, in the words signatures use ({@code "integer 1-64"}, {@code
 * "seconds"}, ...): whether a value fits, and what it is as a number, a prefix or a port range. {@link
 * ElementConfiguration} reads every element's configuration with it, for the running element and for {@code
 * lang check} alike, so both accept exactly the same values. A type not listed here (a filter rule, a frame
 * pattern) is the element's own syntax: any text fits here, and the element reads it.
 */
public final class KeywordType {

    private static final Pattern INTEGER_RANGE = Pattern.compile("integer (\\d+)-(\\d+)");

    /** An IPRewriter pool holds at most this many addresses (a /24). */
    private static final int MAX_POOL_PREFIX = 24;

    private static final int MAX_PORT = 65535;

    /** {@code LOW-HIGH}, both within 1-65535; one port alone is the range of that port. */
    public record PortRange(int low, int high) {}

    private KeywordType() {}

    /** What is wrong with {@code value} as a {@code type}, in words; empty when it fits. */
    public static Optional<String> problem(String type, String value) {
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
                positiveNumber(text).isPresent() ? Optional.empty() : Optional.of("a positive number of " + type);
            case "IPv4 address or prefix" -> addressPool(text);
            case "port range" ->
                portRange(text).isPresent() ? Optional.empty() : Optional.of("a range LOW-HIGH within 1-65535");
            case "src or dst" ->
                text.equals("src") || text.equals("dst") ? Optional.empty() : Optional.of("src or dst");
            case "interface name" -> text.isEmpty() ? Optional.of("an interface name such as p0") : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** A value of an integer type ({@code integer A-B}, {@code seconds}, {@code bytes}) that fits. */
    static int integer(String value) {
        return wholeNumber(value.strip()).orElseThrow(() -> notA("whole number", value));
    }

    /** A value of a number type ({@code packets per second}, {@code packets}): a decimal, "pps" allowed. */
    static double number(String value) {
        return positiveNumber(value.strip()).orElseThrow(() -> notA("positive number", value));
    }

    static Ipv4Prefix prefix(String value) {
        return Ipv4Prefix.parse(value.strip());
    }

    static PortRange range(String value) {
        return portRange(value.strip()).orElseThrow(() -> notA("port range", value));
    }

    private static IllegalArgumentException notA(String what, String value) {
        return new IllegalArgumentException("'%s' is not a %s".formatted(value, what));
    }

    private static Optional<Integer> wholeNumber(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A decimal, optionally followed by "pps" (as a rate is written), above zero. */
    private static Optional<Double> positiveNumber(String text) {
        try {
            double value = Double.parseDouble(text.replaceAll("(?i)\\s*pps$", ""));
            return value > 0 ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
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

    private static Optional<PortRange> portRange(String text) {
        String[] ends = text.split("-");
        if (ends.length == 0) {
            return Optional.empty();
        }
        Optional<Integer> low = wholeNumber(ends[0].strip());
        Optional<Integer> high = wholeNumber(ends[ends.length - 1].strip());
        return low.isPresent()
                        && high.isPresent()
                        && low.get() >= 1
                        && high.get() <= MAX_PORT
                        && high.get() >= low.get()
                ? Optional.of(new PortRange(low.get(), high.get()))
                : Optional.empty();
    }
}
