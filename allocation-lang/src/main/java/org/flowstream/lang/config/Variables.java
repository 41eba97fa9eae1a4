package org.flowstream.lang.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Values of {@code define}d variables and compound formals, substituted into configuration
 * text as Click does: {@code $name} or {@code ${name}}, not inside single quotes and not after a
 * backslash. Unknown variables stay as written, since elements such as Script use their own.
 */
public final class Variables {

    private final Variables parent;
    private final Map<String, String> values = new HashMap<>();

    public Variables(Variables parent) {
        this.parent = parent;
    }

    public void set(String name, String value) {
        values.put(name, value);
    }

    public boolean definesLocally(String name) {
        return values.containsKey(name);
    }

    public String lookup(String name) {
        for (Variables scope = this; scope != null; scope = scope.parent) {
            String value = scope.values.get(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    public String substitute(String raw) {
        if (raw.indexOf('$') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        boolean inSingle = false;
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '\'') {
                inSingle = !inSingle;
            } else if (c == '\\' && !inSingle && i + 1 < raw.length()) {
                out.append(c).append(raw.charAt(i + 1));
                i += 2;
                continue;
            } else if (c == '$' && !inSingle) {
                int end = substituteOne(raw, i, out);
                if (end > i) {
                    i = end;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** Appends the value of the variable at {@code dollar}; returns the index after it, or {@code dollar} if none. */
    private int substituteOne(String raw, int dollar, StringBuilder out) {
        boolean braced = dollar + 1 < raw.length() && raw.charAt(dollar + 1) == '{';
        int nameStart = dollar + (braced ? 2 : 1);
        int nameEnd = nameStart;
        while (nameEnd < raw.length() && isNameChar(raw.charAt(nameEnd))) {
            nameEnd++;
        }
        if (nameEnd == nameStart || (braced && (nameEnd >= raw.length() || raw.charAt(nameEnd) != '}'))) {
            return dollar;
        }
        String value = lookup(raw.substring(nameStart, nameEnd));
        if (value == null) {
            return dollar;
        }
        out.append(value);
        return braced ? nameEnd + 1 : nameEnd;
    }

    private static boolean isNameChar(char c) {
        return (c < 128 && Character.isLetterOrDigit(c)) || c == '_';
    }
}
