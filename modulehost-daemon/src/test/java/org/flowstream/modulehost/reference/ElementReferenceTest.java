package org.flowstream.modulehost.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.flowstream.contracts.element.BuiltInSignatures;
import org.flowstream.modulehost.deploy.ElementCatalog;
import org.junit.jupiter.api.Test;

/**
 * The checked-in element reference and built-in signature list are what the elements' declarations generate:
 * change an element's @Signature and this fails until {@code bin/flowstream elements > docs/elements.md} and
 * {@code bin/flowstream elements --json > common/contracts/src/main/resources/org/flowstream/contracts/element/built-in-elements.json}
 * are run.
 */
class ElementReferenceTest {

    private static final Path REPOSITORY = Path.of("..");

    @Test
    void docsElementsMdIsWhatTheSignaturesGenerate() throws Exception {
        assertThat(Files.readString(REPOSITORY.resolve("docs/elements.md")))
                .as("docs/elements.md is stale: run bin/flowstream elements > docs/elements.md")
                .isEqualTo(ElementReference.markdown());
    }

    @Test
    void builtInSignatureListIsWhatTheSignaturesGenerate() throws Exception {
        Path json = REPOSITORY.resolve("common/contracts/src/main/resources" + BuiltInSignatures.RESOURCE);
        assertThat(Files.readString(json))
                .as("%s is stale: run bin/flowstream elements --json > %s", json, json)
                .isEqualTo(ElementReference.json());
        assertThat(BuiltInSignatures.all()).isEqualTo(ElementCatalog.builtInSignatures());
    }

    @Test
    void everyElementHasASectionWithItsPortsAndKeywords() {
        String page = ElementReference.markdown();
        assertThat(page)
                .contains("## IPRewriter\n\n`IPRewriter(EXTERNAL, [PORTS], [IDLE], [PAIR_PREFIX])`")
                .contains("- ports: `2/2` (inputs 2, outputs 2)")
                .contains("| `PORTS` | port range | no | `20000-29999` |")
                .contains("- counters: `count`, `byte_count`")
                .contains("| [Tee](#tee) | `1/1-` | none |");
    }
}
