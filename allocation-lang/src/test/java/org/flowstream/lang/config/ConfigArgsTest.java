package org.flowstream.lang.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.flowstream.lang.diag.SourcePos;
import org.junit.jupiter.api.Test;

class ConfigArgsTest {

    private static List<String> raw(String text) {
        return ConfigSplitter.split(text, SourcePos.START).stream()
                .map(ConfigArg::raw)
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
    void argumentPositionsFollowLines() {
        List<ConfigArg> args = ConfigSplitter.split("a,\n  bb", new SourcePos(3, 10));
        assertThat(args).extracting(ConfigArg::pos).containsExactly(new SourcePos(3, 10), new SourcePos(4, 3));
    }

    @Test
    void unquoteDecodesClickEscapes() {
        assertThat(ClickStrings.unquote("\"a\\tb\\n\\\"q\\\"\\x41\\<42 43>\"")).isEqualTo("a\tb\n\"q\"ABC");
        assertThat(ClickStrings.unquote("'no \\n escapes'")).isEqualTo("no \\n escapes");
        assertThat(ClickStrings.unquote("x\"y z\"w")).isEqualTo("xy zw");
    }

    @Test
    void quoteThenUnquoteGivesTheValueBack() {
        Random random = new Random(7);
        String alphabet = "ab ,;()[]{}\"'\\$/*\n\t#=<>-x0\u00e9";
        for (int i = 0; i < 2000; i++) {
            StringBuilder value = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String quoted = ClickStrings.quote(value.toString());
            List<ConfigArg> args = ConfigSplitter.split(quoted, SourcePos.START);
            assertThat(args).as("quoted form of [%s]: %s", value, quoted).hasSize(1);
            assertThat(args.get(0).value()).isEqualTo(value.toString());
        }
    }

    @Test
    void variablesAreSubstitutedOutsideSingleQuotes() {
        Variables outer = new Variables(null);
        outer.set("a", "1");
        Variables inner = new Variables(outer);
        inner.set("b", "two");
        assertThat(inner.substitute("$a ${b}x '$a' \"$b\" \\$a $unknown $"))
                .isEqualTo("1 twox '$a' \"two\" \\$a $unknown $");
    }
}
