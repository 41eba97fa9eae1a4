package org.flowstream.lang.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flowstream.contracts.click.diag.SourcePos;
import org.junit.jupiter.api.Test;

class ConfigArgsTest {

    @Test
    void argumentPositionsFollowLines() {
        assertThat(ConfigSplitter.split("a /* x */ b,,c", SourcePos.START))
                .extracting(ConfigArg::pos)
                .containsExactly(SourcePos.START, new SourcePos(1, 13), new SourcePos(1, 14));
        List<ConfigArg> args = ConfigSplitter.split("a,\n  bb", new SourcePos(3, 10));
        assertThat(args).extracting(ConfigArg::pos).containsExactly(new SourcePos(3, 10), new SourcePos(4, 3));
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
