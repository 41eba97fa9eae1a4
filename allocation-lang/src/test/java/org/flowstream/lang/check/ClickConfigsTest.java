package org.flowstream.lang.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.flowstream.contracts.click.diag.Diagnostic;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain Click configurations are valid syntax; what the platform lacks is a semantic matter. */
class ClickConfigsTest {

    @ParameterizedTest
    @ValueSource(strings = {"click-ip-router.click", "click-compounds.click", "click-simple.click"})
    void clickClassesTheCatalogueLacksAreSemanticErrors(String file) {
        CheckResult result = AllocationLanguage.check(file, TestFiles.config(file));

        assertThat(result.ok()).isFalse();
        assertThat(result.diagnostics()).allMatch(d -> d.kind() == Diagnostic.Kind.SEMANTIC);
        assertThat(result.diagnostics())
                .extracting(Diagnostic::message)
                .anyMatch(m -> m.startsWith("unknown element class") || m.contains("neither a declared element"));
    }

    @Test
    void theIpRouterReportsItsUnknownClassesWhereTheyAreUsed() {
        CheckResult result = AllocationLanguage.check("router.click", TestFiles.config("click-ip-router.click"));

        assertThat(result.errorText())
                .contains("unknown element class 'ARPQuerier'")
                .contains("unknown element class 'StaticIPLookup'")
                .contains("unknown element class 'ICMPError'");
    }
}
