package org.flowstream.lang.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.flowstream.contracts.click.diag.Diagnostic;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.lang.ast.ConfigFile;
import org.flowstream.lang.catalogue.DefaultPmCatalogue;
import org.flowstream.lang.parser.RequestParser;
import org.junit.jupiter.api.Test;

/** Compounds nested ten-wide twelve deep stand for 10^12 elements: refused, not expanded. */
class ExpansionLimitTest {

    @Test
    void compoundExplosionIsRefusedNotRunOutOfMemory() {
        StringBuilder text = new StringBuilder("elementclass E0 { input -> Counter -> output }\n");
        for (int level = 1; level <= 12; level++) {
            text.append("elementclass E")
                    .append(level)
                    .append(" { input -> ")
                    .append(("E" + (level - 1) + " -> ").repeat(10))
                    .append("output }\n");
        }
        text.append("ft :: FromNet(ip) -> E12 -> ToNet(a);\n");
        DiagnosticSink diagnostics = new DiagnosticSink("big.click");
        ConfigFile file = RequestParser.parse(text.toString(), diagnostics);

        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThat(SemanticChecker.check(
                                file,
                                DefaultPmCatalogue.create(),
                                org.flowstream.lang.platform.TargetPlatform.UNKNOWN,
                                diagnostics,
                                5_000))
                        .isNull());
        assertThat(diagnostics.sorted())
                .singleElement()
                .extracting(Diagnostic::message)
                .isEqualTo("the compound elements expand to more than 5000 elements");
    }

    @Test
    void topLevelElementsAreNotLimited() {
        String text = "ft :: FromNet(ip); tt :: ToNet(a); ft" + " -> Counter".repeat(300) + " -> tt";
        DiagnosticSink diagnostics = new DiagnosticSink("long.click");
        ConfigFile file = RequestParser.parse(text, diagnostics);

        assertThat(SemanticChecker.check(
                        file,
                        DefaultPmCatalogue.create(),
                        org.flowstream.lang.platform.TargetPlatform.UNKNOWN,
                        diagnostics,
                        10))
                .isNotNull();
    }
}
