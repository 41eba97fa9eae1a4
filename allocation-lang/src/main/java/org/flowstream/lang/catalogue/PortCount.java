package org.flowstream.lang.catalogue;

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

    /** "1", "1-2" or "1 or more", for messages and listings. */
    public String describe() {
        if (isFixed()) {
            return Integer.toString(min);
        }
        return max == UNBOUNDED ? min + " or more" : min + "-" + max;
    }
}
