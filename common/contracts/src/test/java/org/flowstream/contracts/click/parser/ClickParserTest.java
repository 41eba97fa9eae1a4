package org.flowstream.contracts.click.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flowstream.contracts.click.ast.Chain;
import org.flowstream.contracts.click.ast.Declaration;
import org.flowstream.contracts.click.ast.ElementExpr;
import org.flowstream.contracts.click.ast.Statement;
import org.flowstream.contracts.click.diag.Diagnostic;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.junit.jupiter.api.Test;

/** The Click parser alone (the allocation language's ParserTest covers the grammar through requests). */
class ClickParserTest {

    @Test
    void declarationsAndChainsWithPortsAndRawConfigurations() {
        DiagnosticSink diagnostics = new DiagnosticSink("g.click");
        List<Statement> statements =
                ClickParser.parse("s, t :: Tee(2, \"a, b\")\nFromDevice(p0) -> t[1] -> [0]Discard;", diagnostics);

        assertThat(diagnostics.hasErrors()).isFalse();
        Declaration declaration = (Declaration) statements.get(0);
        assertThat(declaration.names()).extracting(n -> n.text()).containsExactly("s", "t");
        assertThat(declaration.config().raw()).isEqualTo("2, \"a, b\"");
        Chain chain = (Chain) statements.get(1);
        assertThat(chain.endpoints()).hasSize(3);
        assertThat(chain.endpoints().get(0).element()).isInstanceOf(ElementExpr.Anonymous.class);
        assertThat(chain.endpoints().get(1).outPorts().numbers()).containsExactly(1);
        assertThat(chain.endpoints().get(2).inPorts().numbers()).containsExactly(0);
    }

    @Test
    void parsingFromALaterLineKeepsTheFilesLineNumbersAndListsEveryError() {
        String text = "KEY=value\nx :: ;\ny -> -> z\n";
        DiagnosticSink diagnostics = new DiagnosticSink("r.click");

        ClickParser.parse(text, text.indexOf('\n') + 1, 2, diagnostics);

        assertThat(diagnostics.sorted())
                .extracting(Diagnostic::format)
                .containsExactly(
                        "r.click:2:6: error: expected an element class after '::', found ';'",
                        "r.click:3:6: error: expected an element after '->' (at 3:3), found '->'");
    }

    /**
     * Click's own lexer (lib/lexer.cc, next_lexeme) skips a '#' only as the first character of a line (a C
     * preprocessor line marker), and its names are letters, digits, '_' and '@' joined by single '/'. So a '#'
     * further along a line is no comment and a '.' ends a name: both are errors here as they are in Click.
     */
    @Test
    void hashCommentsAndNameCharactersFollowClicksLexer() {
        DiagnosticSink lineMarker = new DiagnosticSink("g.click");
        List<Statement> statements = ClickParser.parse("# 1 \"g.click\"\nc :: Counter\n", lineMarker);
        assertThat(lineMarker.hasErrors()).isFalse();
        assertThat(statements).hasSize(1);

        DiagnosticSink midLine = new DiagnosticSink("g.click");
        ClickParser.parse("c :: Counter # counts\n", midLine);
        assertThat(midLine.sorted())
                .extracting(Diagnostic::format)
                .containsExactly(
                        "g.click:1:14: error: unexpected character '#' ('#' starts a line marker only at the start"
                                + " of a line, as in Click; comment with // or /* */)");

        DiagnosticSink dotted = new DiagnosticSink("g.click");
        ClickParser.parse("in.1 :: Counter\n", dotted);
        assertThat(dotted.sorted())
                .extracting(Diagnostic::format)
                .containsExactly(
                        "g.click:1:3: error: unexpected character '.' (names are letters, digits, '_', '@' and '/', as in"
                                + " Click)");
    }
}
