package org.flowstream.modulehost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowstream.contracts.click.ClickArguments;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.element.StateKind;
import org.junit.jupiter.api.Test;

/**
 * Every counter a built-in element reports in its statistics is one its signature names (the signature is what
 * get_pm_info, lang check and docs/elements.md tell users), so an element cannot report a counter its reference does
 * not list. A name with {@code N} in it (IPFilter's {@code ruleN_matches}) stands for one counter per number.
 */
class ElementCountersTest {

    /** One working configuration of each built-in element. */
    private static final List<String> CONFIGURED = List.of(
            "Counter()",
            "Discard()",
            "Null()",
            "Mirror()",
            "Tee(2)",
            "RateLimiter(100)",
            "PrefixSampler(24)",
            "IPFilter(deny tcp dst port 22, allow all)",
            "Classifier(12/0800, -)",
            "IPRewriter(EXTERNAL 10.0.0.1)",
            "TcpTracker()",
            "FromDevice(p0)",
            "ToDevice(p1)");

    @Test
    void everyBuiltInElementIsConfiguredHere() {
        Set<String> covered =
                CONFIGURED.stream().map(ElementCountersTest::className).collect(Collectors.toSet());
        assertThat(covered).isEqualTo(ElementRegistry.builtIns().keySet());
    }

    @Test
    void everyCounterAnElementReportsIsOneItsSignatureNames() throws Exception {
        for (String declaration : CONFIGURED) {
            String className = className(declaration);
            Class<? extends Element> type = ElementRegistry.builtIns().get(className);
            Element element = type.getDeclaredConstructor().newInstance();
            String config = declaration.substring(className.length() + 1, declaration.length() - 1);
            element.applyConfiguration(ClickArguments.values(config), new FakeDevices().context());
            List<String> named = ElementSignature.declaredBy(type).orElseThrow().counters();

            assertThat(element.stats().keySet())
                    .as("%s's counters against its signature's %s", className, named)
                    .allSatisfy(counter -> assertThat(named.stream().anyMatch(n -> names(n, counter)))
                            .as("%s reports '%s'", className, counter)
                            .isTrue());
        }
    }

    @Test
    void anElementWithFlowStateReportsEveryCounterOfItsFlowGate() throws Exception {
        Element nat = new org.flowstream.modulehost.elements.IPRewriter();
        nat.applyConfiguration(ClickArguments.values("EXTERNAL 10.0.0.1"), new FakeDevices().context());
        assertThat(nat.stats()).containsKeys(StateKind.FLOW_GATE_COUNTERS.toArray(String[]::new));
    }

    /** Whether the signature's {@code name} names {@code counter}; an {@code N} in it stands for a number. */
    private static boolean names(String name, String counter) {
        return counter.matches(name.replace("N", "[0-9]+"));
    }

    private static String className(String declaration) {
        return declaration.substring(0, declaration.indexOf('('));
    }
}
