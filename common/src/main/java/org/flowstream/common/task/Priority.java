package org.flowstream.common.task;

import java.util.Locale;

/** Task priorities (§3.1.1): normal tasks run only when no high-priority task is waiting. */
public enum Priority {
    HIGH,
    NORMAL;

    /** Reads "high"/"normal" (any case) or 1/0, as callers in any language send them. */
    public static Priority parse(Object value) {
        if (value == null || "".equals(value)) {
            return NORMAL;
        }
        if (value instanceof Integer i) {
            return i > 0 ? HIGH : NORMAL;
        }
        if (value instanceof Boolean b) {
            return b ? HIGH : NORMAL;
        }
        return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "high", "1" -> HIGH;
            case "normal", "0" -> NORMAL;
            default ->
                throw new IllegalArgumentException("priority must be \"high\" or \"normal\", got \"" + value + "\"");
        };
    }
}
