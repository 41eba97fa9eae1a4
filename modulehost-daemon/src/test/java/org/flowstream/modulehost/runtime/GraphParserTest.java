package org.flowstream.modulehost.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GraphParserTest {

    @Test
    void chainsDeclarationsAnonymousElementsAndPorts() throws Exception {
        GraphConfig g = GraphParser.parse("""
                // a firewall and a mirror
                in :: FromDevice(p0);
                in -> fw -> Counter -> t :: Tee(2) -> ToDevice(p1)
                t[1] -> [0]ToDevice(p2);
                fw :: IPFilter(deny tcp dst port 22, allow all)
                """);
        assertThat(g.declarations())
                .extracting(GraphConfig.Declaration::type)
                .containsExactly("FromDevice", "Counter", "Tee", "ToDevice", "ToDevice", "IPFilter");
        assertThat(g.declarations().get(5).args()).containsExactly("deny tcp dst port 22", "allow all");
        assertThat(g.connections()).hasSize(5);
        assertThat(g.connections().get(4).fromPort()).isEqualTo(1);
        assertThat(g.devices()).containsExactly("p0", "p1", "p2");
    }

    @Test
    void errorsSayWhere() {
        assertThatThrownBy(() -> GraphParser.parse("a :: Counter;\na :: Discard"))
                .hasMessageContaining("2:1: error: element 'a' is already declared");
        assertThatThrownBy(() -> GraphParser.parse("FromDevice(p0) -> [x]Counter"))
                .hasMessageContaining("1:20: error: expected a port number");
        assertThatThrownBy(() -> GraphParser.parse("FromDevice(p0 -> Counter"))
                .hasMessageContaining("1:11: error: unclosed '(': the configuration string has no matching ')'");
        assertThatThrownBy(() -> GraphParser.parse("lower -> Counter"))
                .hasMessageContaining("'lower' is neither a declared element");
    }

    @Test
    void argumentsAreClickConfigurationStrings() throws Exception {
        GraphConfig g =
                GraphParser.parse("x :: Tee(a, \"b, c\", f(x, y), \"q\\\"\\\\)\" /* ) */, 'it''s');\ny :: Null()");
        assertThat(g.declarations().get(0).args()).containsExactly("a", "b, c", "f(x, y)", "q\"\\)", "its");
        assertThat(g.declarations().get(1).args()).isEmpty();
        assertThat(g.declarations().get(1).line()).isEqualTo(2);
    }

    @Test
    void theSyntaxIsTheAllocationLanguagesAndEveryErrorIsListed() throws Exception {
        GraphConfig g = GraphParser.parse("a, b :: Counter\n a -> b -> Discard");
        assertThat(g.declarations()).extracting(GraphConfig.Declaration::name).containsExactly("a", "b", "Discard@1");
        assertThat(g.connections()).hasSize(2);

        assertThatThrownBy(() -> GraphParser.parse("a :: Counter;\n a -> ;\n b :: Null(\"x)"))
                .hasMessageContaining("2:7: error: expected an element after '->'")
                .hasMessageContaining("3:12: error: unterminated string");
    }

    @Test
    void aPmGraphIsFlat() {
        assertThatThrownBy(() -> GraphParser.parse("elementclass Two { input -> output }\nTwo"))
                .hasMessageContaining("1:14: error: a PM graph has no compound elements");
        assertThatThrownBy(() -> GraphParser.parse("x :: { input -> Counter -> output }"))
                .hasMessageContaining("1:6: error: a PM graph has no compound elements");
        assertThatThrownBy(() -> GraphParser.parse("require(package x)\nCounter"))
                .hasMessageContaining("1:1: error: 'require' has no place in a PM graph");
        assertThatThrownBy(() -> GraphParser.parse("t :: Tee(2); t[0, 1] -> Discard"))
                .hasMessageContaining("one port at a time, not [0, 1]");
        assertThatThrownBy(() -> GraphParser.parse("t :: Tee(2); c :: Counter; t => c"))
                .hasMessageContaining("'=>' connects port lists");
    }
}
