package org.flowstream.contracts.element;

/**
 * How many input or output ports a class has: a fixed number or a range. The number an element
 * actually has is the number its connections use, which must lie in the range.
 *
 * @param max {@link #UNBOUNDED} when any number from {@code min} up is allowed
 */
public record PortCount(int min, int max) {

    public static final int UNBOUNDED = Integer.MAX_VALUE;

    public PortCount {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("bad port range " + min + ".." + max);
        }
    }

    public static PortCount fixed(int count) {
        return new PortCount(count, count);
    }

    public static PortCount range(int min, int max) {
        return new PortCount(min, max);
    }

    public static PortCount atLeast(int min) {
        return new PortCount(min, UNBOUNDED);
    }

    public boolean isFixed() {
        return min == max;
    }

    public boolean allows(int count) {
        return count >= min && count <= max;
    }

    /**
     * Reads one side of a Click port spec: {@code 2} (exactly two), {@code 1-2} (one or two), {@code 1-} (one
     * or more), {@code -} (any number, none included).
     *
     * @throws IllegalArgumentException with what was wrong, in words
     */
    public static PortCount parse(String text) {
        String t = text.strip();
        try {
            if (t.equals("-")) {
                return atLeast(0);
            }
            int dash = t.indexOf('-');
            if (dash < 0) {
                return fixed(Integer.parseInt(t));
            }
            int min = Integer.parseInt(t.substring(0, dash));
            String max = t.substring(dash + 1);
            return max.isEmpty() ? atLeast(min) : range(min, Integer.parseInt(max));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'%s' is not a port count: write N, N-M, N- (N or more) or - (any number)".formatted(text));
        }
    }

    /** Click's notation, the inverse of {@link #parse}: "1", "1-2", "1-" or "-". */
    public String toClick() {
        if (isFixed()) {
            return Integer.toString(min);
        }
        if (max == UNBOUNDED) {
            return min == 0 ? "-" : min + "-";
        }
        return min + "-" + max;
    }

    /** "1", "1-2" or "1 or more", for messages and listings. */
    public String describe() {
        if (isFixed()) {
            return Integer.toString(min);
        }
        return max == UNBOUNDED ? min + " or more" : min + "-" + max;
    }
}
