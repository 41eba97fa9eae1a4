package org.flowstream.cli.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flowstream.contracts.element.PortCount;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.catalogue.MapPmCatalogue;
import org.flowstream.lang.catalogue.PmType;
import org.flowstream.lang.model.ProcessingModule;
import org.flowstream.modulehost.runtime.GraphConfig;
import org.flowstream.modulehost.runtime.GraphParser;
import org.flowstream.resource.allocation.PmConfigs;
import org.junit.jupiter.api.Test;

/**
 * A PM's configuration passes three hands: the allocation language reads it from the request, the resource
 * daemon writes it into the PM's graph text, the module host reads that text. Values with quotes, commas,
 * backslashes, parentheses and comment marks must reach the element exactly as the request meant them.
 */
class ClickConfigRoundTripTest {

    private static final String REQUEST = """
            BASESYS=linux.netns
            in  :: FromNet("ip,nw_dst=10.0.0.1", IONODE h1)
            odd :: Odd("a \\"quoted\\" word", "x, y", "back\\\\slash", 'single, \\n', "f(1, 2)", "// not a comment", "tab\\there", "")
            out :: ToNet(h2)
            in -> odd -> out
            """;

    private static final List<String> MEANT = List.of(
            "a \"quoted\" word", "x, y", "back\\slash", "single, \\n", "f(1, 2)", "// not a comment", "tab\there", "");

    @Test
    void configurationSurvivesLanguageThenResourceDaemonThenModuleHost() throws Exception {
        MapPmCatalogue catalogue =
                MapPmCatalogue.of(new PmType("Odd", PortCount.fixed(1), PortCount.fixed(1), 0.1, 16, "test"));
        CheckResult checked = AllocationLanguage.check("odd.click", REQUEST, catalogue);
        assertThat(checked.ok()).as(checked.errorText()).isTrue();
        ProcessingModule module = checked.service().module("odd").orElseThrow();
        assertThat(module.configArgs()).as("what the language read").isEqualTo(MEANT);

        String graph = PmConfigs.graph(module.className(), module.configArgs(), 1, 1);
        GraphConfig parsed = GraphParser.parse(graph);

        GraphConfig.Declaration pm = parsed.declarations().stream()
                .filter(d -> d.name().equals("pm"))
                .findFirst()
                .orElseThrow();
        assertThat(pm.args()).as("what the module host read from:\n" + graph).isEqualTo(MEANT);
    }
}
