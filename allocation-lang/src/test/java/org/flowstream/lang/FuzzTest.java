package org.flowstream.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.flowstream.contracts.click.diag.Diagnostic;
import org.flowstream.lang.bench.RequestGenerator;
import org.flowstream.lang.catalogue.DefaultPmCatalogue;
import org.flowstream.lang.catalogue.PmCatalogue;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input never makes the checker throw or hang: the outcome is a service or
 * diagnostics that point inside the text. The timeouts guard against hangs; they are not speed
 * requirements.
 */
public class FuzzTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(10);
    private static final String CLICK_BITS = "abcxyz019_@/ :: -> , ; [ ] { } ( ) \" ' \\ $ | // /* */ \n\t elementclass"
            + " input output define require FromNet ToNet Counter Mirror Placement = % ~";
    private static final List<String> SNIPPETS = List.of(
            "->",
            "::",
            "[",
            "]",
            "(",
            ")",
            "{",
            "}",
            "\"",
            "'",
            "/*",
            "*/",
            "//",
            ";",
            ",",
            "$x",
            "|",
            "\n",
            "elementclass ",
            "input",
            "output",
            "FromNet(\"ip\")",
            "ToNet(a)",
            "Placement(CPU x 1)",
            "\\",
            "=",
            "define($x 1)",
            "x :: Counter",
            "[99]",
            "{ input -> output }");

    private final PmCatalogue catalogue = DefaultPmCatalogue.create();

    @Test
    void mutatedValidRequests() {
        Random random = new Random(42);
        for (int round = 0; round < 12; round++) {
            String valid = RequestGenerator.generate(round, 3);
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                for (int i = 0; i < 40; i++) {
                    checkSafely(mutate(valid, random));
                }
            });
        }
    }

    @Test
    void randomTokenSoup() {
        Random random = new Random(4242);
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            for (int i = 0; i < 800; i++) {
                StringBuilder text = new StringBuilder();
                for (int n = random.nextInt(40); n > 0; n--) {
                    text.append(
                            random.nextBoolean()
                                    ? SNIPPETS.get(random.nextInt(SNIPPETS.size()))
                                    : String.valueOf(CLICK_BITS.charAt(random.nextInt(CLICK_BITS.length()))));
                    if (random.nextInt(4) == 0) {
                        text.append(' ');
                    }
                }
                checkSafely(text.toString());
            }
        });
    }

    @Test
    void randomCharacters() {
        Random random = new Random(99);
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            for (int i = 0; i < 600; i++) {
                char[] chars = new char[random.nextInt(60)];
                for (int k = 0; k < chars.length; k++) {
                    chars[k] = (char) (random.nextInt(4) == 0 ? random.nextInt(0x3000) : 32 + random.nextInt(95));
                }
                checkSafely(new String(chars));
            }
        });
    }

    @Test
    void deepNestingDoesNotOverflow() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            checkSafely("x :: " + "{ input -> ".repeat(2000) + "output" + " }".repeat(2000));
            checkSafely("x :: P(" + "(".repeat(100_000) + ")".repeat(100_000) + ")");
            checkSafely("ft :: FromNet(ip); tt :: ToNet(a); ft" + " -> Counter".repeat(2_000) + " -> tt");
        });
    }

    private CheckResult checkSafely(String text) {
        CheckResult result = AllocationLanguage.check("fuzz.click", text, catalogue);
        int lines = (int) text.chars().filter(c -> c == '\n').count() + 1;
        for (Diagnostic d : result.diagnostics()) {
            assertThat(d.line()).as("line of %s in%n%s", d, text).isBetween(1, lines);
            assertThat(d.column()).as("column of %s", d).isPositive();
            assertThat(d.message()).isNotBlank();
        }
        if (result.ok()) {
            assertThat(AllocationLanguage.check("again", AllocationLanguage.print(result.service()), catalogue)
                            .service())
                    .isEqualTo(result.service());
        }
        return result;
    }

    /** Seeded character-level edits: delete, insert a Click snippet, replace, truncate, copy a span elsewhere. */
    public static String mutate(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        for (int edits = 1 + random.nextInt(4); edits > 0 && !out.isEmpty(); edits--) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(5)) {
                case 0 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(20)));
                case 1 -> out.insert(at, SNIPPETS.get(random.nextInt(SNIPPETS.size())));
                case 2 -> out.setCharAt(at, CLICK_BITS.charAt(random.nextInt(CLICK_BITS.length())));
                case 3 -> out.setLength(at);
                default -> {
                    int end = Math.min(out.length(), at + random.nextInt(80));
                    out.insert(random.nextInt(out.length()), out.substring(at, end));
                }
            }
        }
        return out.toString();
    }
}
