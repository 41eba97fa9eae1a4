package org.flowstream.lang;

import static org.assertj.core.api.Assertions.assertThat;

import org.flowstream.contracts.click.diag.Diagnostic;
import org.flowstream.lang.model.Connection;
import org.flowstream.lang.model.NetworkService;
import org.junit.jupiter.api.Test;

/** The example of spec §2.1.4, as printed (cut off inside a string) and repaired. */
class SpecExampleTest {

    @Test
    void truncatedExampleGivesOnePreciseErrorAtTheString() {
        CheckResult result =
                AllocationLanguage.check("example.click", TestFiles.config("spec-example-truncated.click"));

        assertThat(result.ok()).isFalse();
        assertThat(result.diagnostics()).hasSize(1);
        Diagnostic error = result.diagnostics().get(0);
        assertThat(error.format())
                .isEqualTo("example.click:5:19: error: unterminated string: the double quote is never closed");
        assertThat(error.kind()).isEqualTo(Diagnostic.Kind.SYNTAX);
    }

    @Test
    void repairedExampleIsAValidService() {
        CheckResult result = AllocationLanguage.check("example.click", TestFiles.config("spec-example-repaired.click"));

        assertThat(result.errorText()).isEmpty();
        NetworkService service = result.service();
        assertThat(service.header()).containsEntry("BASESYS", "xen.clickos");
        assertThat(service.sources()).singleElement().satisfies(source -> {
            assertThat(source.name()).isEqualTo("ft");
            assertThat(source.matchString()).isEqualTo("ip,nw_src=10.10.1.2,nw_dst=8.8.8.8");
        });
        assertThat(service.sinks())
                .singleElement()
                .satisfies(sink -> assertThat(sink.ioNodes()).containsExactly("tun1"));
        assertThat(service.modules()).singleElement().satisfies(pm -> {
            assertThat(pm.name()).isEqualTo("mirror1");
            assertThat(pm.className()).isEqualTo("Mirror");
        });
        assertThat(service.module("mirror1")).isPresent();
        assertThat(service.source("ft")).isPresent();
        assertThat(service.sink("tt")).isPresent();
        assertThat(service.module("ft")).isEmpty();
        assertThat(service.connections())
                .containsExactly(new Connection("ft", 0, "mirror1", 0, 0), new Connection("mirror1", 0, "tt", 0, 0));
    }
}
