package org.flowstream.contracts.click;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClickArgumentsTest {

    private static List<String> raw(String text) {
        return ClickArguments.split(text).stream()
                .map(ClickArguments.Argument::raw)
                .toList();
    }

    @Test
    void splitsAtTopLevelCommasOnly() {
        assertThat(raw(" a , \"b, c\", 'd, e', f(g, h), [i, j], {k, l} "))
                .containsExactly("a", "\"b, c\"", "'d, e'", "f(g, h)", "[i, j]", "{k, l}");
    }

    @Test
    void emptyArgumentsAndTrailingComma() {
        assertThat(raw("")).isEmpty();
        assertThat(raw("   ")).isEmpty();
        assertThat(raw("a,,b")).containsExactly("a", "", "b");
        assertThat(raw("a, b,")).containsExactly("a", "b");
    }

    @Test
    void commentsAreDropped() {
        assertThat(raw("a /* x, y */ b, c // d, e\n, f")).containsExactly("a   b", "c", "f");
    }

    @Test
    void offsetsPointAtEachArgument() {
        assertThat(ClickArguments.split("a,\n  bb,,"))
                .extracting(ClickArguments.Argument::offset)
                .containsExactly(0, 5, 8); // an empty argument sits at the comma that ends it
    }

    @Test
    void unquoteDecodesClickEscapes() {
        assertThat(ClickStrings.unquote("\"a\\tb\\n\\\"q\\\"\\x41\\<42 43>\"")).isEqualTo("a\tb\n\"q\"ABC");
        assertThat(ClickStrings.unquote("'no \\n escapes'")).isEqualTo("no \\n escapes");
        assertThat(ClickStrings.unquote("x\"y z\"w")).isEqualTo("xy zw");
    }

    @Test
    void joinThenValuesGivesTheValuesBack() {
        Random random = new Random(7);
        String alphabet = "ab ,;()[]{}\"'\\$/*\n\t#=<>-x0\u00e9";
        for (int i = 0; i < 2000; i++) {
            List<String> values = random.ints(1 + random.nextInt(3), 0, 1)
                    .mapToObj(unused -> randomValue(random, alphabet))
                    .toList();
            String config = ClickArguments.join(values);
            assertThat(ClickArguments.values(config))
                    .as("configuration %s", config)
                    .isEqualTo(values);
        }
    }

    private static String randomValue(Random random, String alphabet) {
        StringBuilder value = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            value.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return value.toString();
    }

    @Test
    void keywordArguments() {
        assertThat(ClickArguments.keyword("EXTERNAL 10.0.0.1"))
                .contains(new ClickArguments.KeywordArgument("EXTERNAL", "10.0.0.1"));
        assertThat(ClickArguments.keyword("PORTS  20000-29999 "))
                .contains(new ClickArguments.KeywordArgument("PORTS", "20000-29999"));
        assertThat(ClickArguments.keyword("deny tcp")).isEmpty();
        assertThat(ClickArguments.keyword("10.0.0.1")).isEmpty();
    }
}
