package org.flowstream.contracts.click;

/**
 * Click's quoting rules for configuration arguments. Inside double quotes backslash escapes
 * apply; single quotes are literal; text outside quotes is kept as it is.
 */
public final class ClickStrings {

    private ClickStrings() {}

    /** Removes quotes and decodes escapes anywhere in {@code raw}: {@code "a b"c} becomes {@code a bc}. */
    public static String unquote(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '\'') {
                int end = raw.indexOf('\'', i + 1);
                int stop = end < 0 ? raw.length() : end;
                out.append(raw, i + 1, stop);
                i = stop + 1;
            } else if (c == '"') {
                i = unquoteDouble(raw, i + 1, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Decodes a double-quoted run starting after the quote; returns the index after its end. */
    private static int unquoteDouble(String raw, int i, StringBuilder out) {
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < raw.length()) {
                i = decodeEscape(raw, i + 1, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return i;
    }

    /** Decodes the escape whose letter is at {@code i}; returns the index after it. */
    private static int decodeEscape(String raw, int i, StringBuilder out) {
        char e = raw.charAt(i);
        switch (e) {
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'v' -> out.append('\u000B');
            case '0' -> out.append('\0');
            case '\n' -> {} // a backslash-newline continues the line
            case 'x' -> {
                return decodeHexByte(raw, i + 1, out);
            }
            case '<' -> {
                return decodeHexBlock(raw, i + 1, out);
            }
            default -> out.append(e); // \\ \" \' \$ and unknown escapes stand for the character itself
        }
        return i + 1;
    }

    private static int decodeHexByte(String raw, int i, StringBuilder out) {
        int end = i;
        while (end < raw.length() && end < i + 2 && Character.digit(raw.charAt(end), 16) >= 0) {
            end++;
        }
        if (end == i) {
            out.append('x');
            return i;
        }
        out.append((char) Integer.parseInt(raw.substring(i, end), 16));
        return end;
    }

    /** Click's {@code \<48 65 6c>} writes bytes in hex; blanks between digits are ignored. */
    private static int decodeHexBlock(String raw, int i, StringBuilder out) {
        int close = raw.indexOf('>', i);
        if (close < 0) {
            out.append('<');
            return i;
        }
        String digits = raw.substring(i, close).replaceAll("\\s", "");
        if (digits.length() % 2 != 0 || !digits.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            out.append('<');
            return i;
        }
        for (int k = 0; k < digits.length(); k += 2) {
            out.append((char) Integer.parseInt(digits.substring(k, k + 2), 16));
        }
        return close + 1;
    }

    /**
     * Writes {@code value} so that {@link #unquote} gives it back and the config splitter keeps it
     * one argument: bare when it is a plain word sequence, double-quoted otherwise.
     */
    public static String quote(String value) {
        if (isPlain(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '$' -> out.append("\\$");
                default -> {
                    if (c < 32 || c == 127) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Plain: non-empty, no outer blanks, and only characters with no meaning to the splitter. */
    private static boolean isPlain(String value) {
        if (value.isEmpty() || !value.strip().equals(value)) {
            return false;
        }
        for (char c : value.toCharArray()) {
            boolean safe =
                    (c < 128 && Character.isLetterOrDigit(c)) || c == ' ' || "_.-:@/=+*#%&!?<>~^".indexOf(c) >= 0;
            if (!safe) {
                return false;
            }
        }
        return !value.contains("//") && !value.contains("/*") && !value.contains("  ");
    }
}
