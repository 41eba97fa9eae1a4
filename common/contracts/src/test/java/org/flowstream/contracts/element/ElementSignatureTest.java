package org.flowstream.contracts.element;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElementSignatureTest {

    @Signature(
            ports = "1/1-2",
            description = "a test element",
            primitives = {"Read", "Drop"},
            state = StateKind.ELEMENT,
            keywords = {
                @Signature.Keyword(name = "RATE", type = "integer", required = true, meaning = "packets per second"),
                @Signature.Keyword(name = "BURST", type = "integer", defaultValue = "RATE/10+1", meaning = "burst")
            },
            counters = {"passed", "dropped"})
    static final class Declared {
        static {
            if (Boolean.parseBoolean("true")) {
                throw new AssertionError("reading a signature must not initialize the class");
            }
        }
    }

    @Test
    void portSpecsInClicksNotation() {
        assertThat(PortSpec.parse("1/-")).isEqualTo(new PortSpec(PortCount.fixed(1), PortCount.atLeast(0)));
        assertThat(PortSpec.parse("1/1-2")).isEqualTo(new PortSpec(PortCount.fixed(1), PortCount.range(1, 2)));
        assertThat(PortSpec.parse("-/0")).isEqualTo(new PortSpec(PortCount.atLeast(0), PortCount.fixed(0)));
        assertThat(PortSpec.parse("2")).isEqualTo(PortSpec.fixed(2, 2));
        assertThat(PortSpec.parse("1/1-")).hasToString("1/1-");
        for (String spec : List.of("1/1", "1/-", "1/1-2", "-/0", "0/1", "2/2", "1/1-")) {
            assertThat(PortSpec.parse(spec)).hasToString(spec);
        }
        assertThatThrownBy(() -> PortSpec.parse("one/1")).hasMessageContaining("'one' is not a port count");
        assertThatThrownBy(() -> PortSpec.parse("1/1/1")).hasMessageContaining("more than one '/'");
        assertThatThrownBy(() -> PortSpec.parse("2-1/1")).hasMessageContaining("bad port range");
    }

    @Test
    void containsComparesRanges() {
        assertThat(PortSpec.parse("1/-").contains(PortSpec.fixed(1, 3))).isTrue();
        assertThat(PortSpec.parse("1/1-2").contains(PortSpec.fixed(1, 3))).isFalse();
    }

    @Test
    void readsTheDeclarationWithoutInitializingTheClass() throws Exception {
        Class<?> type =
                Class.forName(Declared.class.getName(), false, getClass().getClassLoader());
        ElementSignature signature = ElementSignature.declaredBy(type).orElseThrow();
        assertThat(signature.className()).isEqualTo("Declared");
        assertThat(signature.ports()).hasToString("1/1-2");
        assertThat(signature.state()).isEqualTo(StateKind.ELEMENT);
        assertThat(signature.keywords())
                .containsExactly(
                        new Keyword("RATE", "integer", true, "", "packets per second"),
                        new Keyword("BURST", "integer", false, "RATE/10+1", "burst"));
        assertThat(signature.usage()).isEqualTo("Declared(RATE, [BURST])");
        assertThat(ElementSignature.declaredBy(String.class)).isEmpty();
    }

    @Test
    void structRoundTripAsXmlRpcDeliversIt() throws Exception {
        Class<?> type =
                Class.forName(Declared.class.getName(), false, getClass().getClassLoader());
        ElementSignature signature = ElementSignature.declaredBy(type).orElseThrow();
        Map<String, Object> struct = signature.toStruct();
        assertThat(struct).containsEntry("ports", "1/1-2").containsEntry("state", "element");
        // XML-RPC hands lists back as arrays.
        Map<String, Object> received = new java.util.LinkedHashMap<>(struct);
        received.replaceAll((k, v) -> v instanceof List<?> l ? l.toArray() : v);
        assertThat(ElementSignature.fromStruct(received)).isEqualTo(signature);
    }

    @Test
    void badStructsAreRefusedInWords() {
        assertThatThrownBy(() -> ElementSignature.fromStruct(Map.of("className", "X", "ports", "x/1")))
                .hasMessage(
                        "not an element signature: 'x' is not a port count: write N, N-M, N- (N or more) or - (any number)");
        assertThatThrownBy(() -> ElementSignature.fromStruct(Map.of("ports", "1/1")))
                .hasMessage("not an element signature: an element signature needs a class name");
        assertThatThrownBy(() -> ElementSignature.fromStruct(Map.of("className", "X", "keywords", 7)))
                .hasMessage("not an element signature: field 'keywords' has the wrong shape");
        assertThatThrownBy(() -> ElementSignature.fromStruct(Map.of("className", "X", "state", "maybe")))
                .hasMessageContaining("state 'maybe' is none of none, element, flow");
    }
}
