package org.flowstream.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Seeded mutations of a request text: delete, duplicate or swap tokens, or insert random bytes. */
final class TextMutator {

    private static final Pattern TOKEN = Pattern.compile("\\w+|\\s+|.", Pattern.DOTALL);

    private TextMutator() {}

    static String mutate(String text, Random random) {
        List<String> tokens = tokens(text);
        for (int edits = 1 + random.nextInt(3); edits > 0 && !tokens.isEmpty(); edits--) {
            int at = random.nextInt(tokens.size());
            switch (random.nextInt(4)) {
                case 0 -> tokens.remove(at);
                case 1 -> tokens.add(at, tokens.get(at));
                case 2 -> {
                    int other = random.nextInt(tokens.size());
                    String swap = tokens.get(at);
                    tokens.set(at, tokens.get(other));
                    tokens.set(other, swap);
                }
                default -> tokens.add(at, randomBytes(random));
            }
        }
        return String.join("", tokens);
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    /** Printable, punctuation, non-ASCII and the control characters XML can carry (tab, newline, carriage return). */
    private static String randomBytes(Random random) {
        String alphabet = "\t\n\r \"'()[]{}:;,->/*\\$%=#@!~`|\u00e9\u2603\ufeff0123456789abcXYZ_";
        StringBuilder out = new StringBuilder();
        for (int n = 1 + random.nextInt(6); n > 0; n--) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
