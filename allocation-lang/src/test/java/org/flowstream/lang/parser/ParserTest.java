package org.flowstream.lang.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flowstream.contracts.click.ast.Chain;
import org.flowstream.contracts.click.ast.ClassRef;
import org.flowstream.contracts.click.ast.Declaration;
import org.flowstream.contracts.click.ast.Define;
import org.flowstream.contracts.click.ast.ElementClassDef;
import org.flowstream.contracts.click.ast.ElementExpr;
import org.flowstream.contracts.click.ast.Endpoint;
import org.flowstream.contracts.click.ast.Require;
import org.flowstream.contracts.click.ast.Statement;
import org.flowstream.contracts.click.diag.Diagnostic;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.ParseResult;
import org.flowstream.lang.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParserTest {

    private static List<Statement> parseOk(String text) {
        ParseResult result = AllocationLanguage.parse("t.click", text);
        assertThat(result.diagnostics()).isEmpty();
        return result.file().statements();
    }

    private static List<String> errors(String text) {
        return AllocationLanguage.parse("t.click", text).diagnostics().stream()
                .map(Diagnostic::format)
                .toList();
    }

    @Test
    void headerLinesComeBeforeTheElements() {
        ParseResult result = AllocationLanguage.parse(
                "t.click",
                "// comment\nBASESYS=xen.clickos\n\n/* block\n comment */\nTENANT = acme corp \nx :: Counter;");
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.file().header())
                .extracting(h -> h.key() + "=" + h.value())
                .containsExactly("BASESYS=xen.clickos", "TENANT=acme corp");
        assertThat(result.file().header().get(1).pos().line()).isEqualTo(6);
        assertThat(result.file().statements()).hasSize(1);
    }

    @Test
    void windowsLineEndingsAreAccepted() {
        ParseResult result =
                AllocationLanguage.parse("t.click", "BASESYS=xen\r\n\r\na :: Counter;\r\nb :: Counter\r\n");
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.file().header().get(0).value()).isEqualTo("xen");
        assertThat(result.file().statements()).hasSize(2);
    }

    @Test
    void preprocessorLineMarkersAreSkipped() {
        ParseResult result = AllocationLanguage.parse("t.click", "# 1 \"router.click\"\na :: Counter;\n  #\n");
        assertThat(result.diagnostics())
                .extracting(Diagnostic::format)
                .containsExactly(
                        "t.click:3:3: error: unexpected character '#' ('#' starts a line marker only at the start of"
                                + " a line, as in Click; comment with // or /* */)");
        assertThat(result.file().statements()).hasSize(1);
    }

    @Test
    void duplicateHeaderKeyIsReported() {
        assertThat(errors("A=1\nA=2\n"))
                .containsExactly("t.click:2:1: error: duplicate header key 'A' (first set at line 1)");
    }

    @Test
    void headerAfterAStatementIsASyntaxError() {
        assertThat(errors("x :: Counter\nBASESYS=xen\n"))
                .singleElement()
                .asString()
                .startsWith("t.click:2:8: error: unexpected character '='");
    }

    @Test
    void declarationsOfOneAndSeveralNames() {
        List<Statement> statements = parseOk("a :: Counter; b, c :: Queue(10)");
        assertThat(statements).hasSize(2);
        Chain single = (Chain) statements.get(0);
        assertThat(single.endpoints())
                .singleElement()
                .extracting(Endpoint::element)
                .isInstanceOf(ElementExpr.InlineDeclaration.class);
        Declaration several = (Declaration) statements.get(1);
        assertThat(several.names()).extracting(n -> n.text()).containsExactly("b", "c");
        assertThat(several.config().raw()).isEqualTo("10");
        assertThat(((ClassRef.Named) several.classRef()).name()).isEqualTo("Queue");
    }

    @Test
    void chainsWithPortsAnonymousAndInlineElements() {
        List<Statement> statements = parseOk("src[1] -> [2]Counter -> x :: Queue(5)[3] -> Strip(14) -> dst");
        Chain chain = (Chain) statements.get(0);
        assertThat(chain.endpoints()).hasSize(5);
        assertThat(chain.endpoints().get(0).outPorts().numbers()).containsExactly(1);
        assertThat(chain.endpoints().get(1).inPorts().numbers()).containsExactly(2);
        assertThat(chain.endpoints().get(1).element()).isInstanceOf(ElementExpr.Word.class);
        assertThat(chain.endpoints().get(2).element()).isInstanceOf(ElementExpr.InlineDeclaration.class);
        assertThat(chain.endpoints().get(2).outPorts().numbers()).containsExactly(3);
        assertThat(chain.endpoints().get(3).element()).isInstanceOf(ElementExpr.Anonymous.class);
    }

    @Test
    void click2PortListsAndPairwiseArrow() {
        Chain chain =
                (Chain) parseOk("input -> d :: DecTTL[0, 1] => [1, 0]output").get(0);
        assertThat(chain.connectors()).containsExactly(Chain.Connector.ARROW, Chain.Connector.PAIRWISE_ARROW);
        assertThat(chain.endpoints().get(1).outPorts().numbers()).containsExactly(0, 1);
        assertThat(chain.endpoints().get(2).inPorts().numbers()).containsExactly(1, 0);
    }

    @Test
    void statementsNeedNoSeparatorAndChainsContinueOverLines() {
        List<Statement> statements = parseOk("a :: Counter\nb :: Counter\na\n  -> b\n  -> Discard");
        assertThat(statements).hasSize(3);
        assertThat(((Chain) statements.get(2)).endpoints()).hasSize(3);
    }

    @Test
    void elementclassWithFormalsDefineAndRequire() {
        List<Statement> statements = parseOk("""
                require(package "x", "y");
                define($a 1, $b 2)
                elementclass Stage { $rate, BURST $burst | input -> RateLimiter(RATE $rate) -> output }
                elementclass Same Stage
                """);
        assertThat(statements.get(0)).isInstanceOf(Require.class);
        assertThat(((Define) statements.get(1)).config().raw()).isEqualTo("$a 1, $b 2");
        ElementClassDef stage = (ElementClassDef) statements.get(2);
        ClassRef.Inline body = (ClassRef.Inline) stage.definition();
        assertThat(body.body().formals())
                .extracting(f -> f.keyword() + " " + f.name())
                .containsExactly("null rate", "BURST burst");
        assertThat(((ElementClassDef) statements.get(3)).definition()).isInstanceOf(ClassRef.Named.class);
    }

    @Test
    void configKeepsQuotesCommentsAndNestedParentheses() {
        List<Statement> statements = parseOk("x :: P(\"a)b\", 'c\"', (d, e) /* ) */, f // )\n)");
        Chain chain = (Chain) statements.get(0);
        ElementExpr.InlineDeclaration x =
                (ElementExpr.InlineDeclaration) chain.endpoints().get(0).element();
        assertThat(x.config().raw()).isEqualTo("\"a)b\", 'c\"', (d, e) /* ) */, f // )\n");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "click-ip-router.click",
                "click-compounds.click",
                "click-simple.click",
                "flowstream-firewall.click",
                "spec-example-repaired.click"
            })
    void clickConfigurationsParse(String file) {
        assertThat(AllocationLanguage.parse(file, TestFiles.config(file)).diagnostics())
                .isEmpty();
    }

    @Test
    void everySyntaxErrorInOneRun() {
        List<String> errors = errors("""
                a :: Counter
                b :: -> c
                c :: Counter[
                d -> e ->
                x :: Counter % y
                ok :: Counter;
                """);
        assertThat(errors)
                .containsExactly(
                        "t.click:2:6: error: expected an element class after '::', found '->'",
                        "t.click:4:1: error: expected a port number after '[', found 'd'",
                        "t.click:5:14: error: unexpected character '%'");
    }

    @Test
    void unclosedThingsAreReportedWhereTheyOpen() {
        assertThat(errors("x :: Counter(1, 2\n"))
                .containsExactly("t.click:1:13: error: unclosed '(': the configuration string has no matching ')'");
        assertThat(errors("/* never closed\nx :: Counter"))
                .containsExactly("t.click:1:1: error: unterminated comment: '/*' is never closed by '*/'");
        assertThat(errors("elementclass X { input -> output\n"))
                .containsExactly("t.click:1:16: error: unclosed '{': the compound element has no matching '}'");
        assertThat(errors("x :: P('abc)\n"))
                .containsExactly("t.click:1:8: error: unterminated string: the single quote is never closed");
    }

    @Test
    void strayPortsAndBraces() {
        assertThat(errors("[0]x -> y"))
                .containsExactly(
                        "t.click:1:1: error: input port [0] has nothing connected to it: a chain cannot start with a port");
        assertThat(errors("x -> y[1];"))
                .containsExactly(
                        "t.click:1:7: error: output port [1] is not connected to anything: expected '->' after it");
        assertThat(errors("x :: Counter }"))
                .containsExactly("t.click:1:14: error: unexpected '}' without a matching '{'");
    }

    @Test
    void recoveryInsideACompoundKeepsTheRestOfTheFile() {
        List<String> errors = errors("elementclass X {\n input -> :: ;\n input -> output\n}\ny :: X; z :: -> q");
        assertThat(errors)
                .containsExactly(
                        "t.click:2:11: error: expected an element after '->' (at 2:8), found '::'",
                        "t.click:5:14: error: expected an element class after '::', found '->'");
    }
}
