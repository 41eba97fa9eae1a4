package org.flowstream.modulehost.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.records.Structs;
import org.flowstream.modulehost.runtime.ElementRegistry;
import org.junit.jupiter.api.Test;

/** get_pm_info's entries are read from the elements' signatures, which the resource daemon reads back. */
class ElementCatalogTest {

    @Test
    void everyBuiltInDeclaresItsSignature() {
        List<ElementSignature> signatures = ElementCatalog.builtInSignatures();
        assertThat(signatures)
                .extracting(ElementSignature::className)
                .containsExactlyElementsOf(ElementRegistry.BUILT_IN.stream()
                        .map(Class::getSimpleName)
                        .toList());
        assertThat(signatures).allSatisfy(s -> assertThat(s.description()).isNotBlank());
        Map<String, String> ports = new java.util.TreeMap<>();
        signatures.forEach(s -> ports.put(s.className(), s.ports().toString()));
        assertThat(ports)
                .containsEntry("Mirror", "1/1-2")
                .containsEntry("IPRewriter", "2/2")
                .containsEntry("Tee", "1/1-")
                .containsEntry("FromDevice", "0/1")
                .containsEntry("Discard", "1/0");
    }

    @Test
    @SuppressWarnings("unchecked")
    void entriesCarryTheSignatureAsAStruct() {
        List<List<Object>> entries = new ElementCatalog(new ElementRegistry(null)).describeAll();
        List<Object> rewriter = entries.stream()
                .filter(e -> Structs.toStruct(e.get(1)).get("type").equals("IPRewriter"))
                .findFirst()
                .orElseThrow();
        assertThat((String) rewriter.get(0))
                .startsWith("IPRewriter(EXTERNAL, [PORTS], [IDLE], [PAIR_PREFIX]): carrier-grade NAT");
        Map<String, Object> primitives = Structs.toStruct(rewriter.get(1)); // as it travels
        assertThat(primitives)
                .containsEntry("Write", true)
                .containsEntry("state", "flow")
                .containsEntry("ports", "2/2")
                .containsEntry("deployed", false);
        ElementSignature read = ElementSignature.fromStruct(primitives.get("signature"));
        assertThat(read.keywords())
                .extracting(k -> k.name())
                .containsExactly("EXTERNAL", "PORTS", "IDLE", "PAIR_PREFIX");
        assertThat(read.counters()).contains("translated");
    }
}
