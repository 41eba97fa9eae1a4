package org.flowstream.lang.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.flowstream.contracts.element.PortCount;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.catalogue.MapPmCatalogue;
import org.flowstream.lang.catalogue.PmCatalogue;
import org.flowstream.lang.catalogue.PmType;
import org.junit.jupiter.api.Test;

/** The checker knows only the built-ins; everything else comes from the caller's catalogue. */
class CustomCatalogueTest {

    private final PmCatalogue catalogue = MapPmCatalogue.of(
            new PmType("Ids", PortCount.fixed(1), PortCount.range(1, 2), 2.0, 2048, "intrusion detection"),
            new PmType("Merge", PortCount.atLeast(2), PortCount.fixed(1), 0.5, 64, "merges its inputs"));

    @Test
    void classesComeFromTheGivenCatalogue() {
        CheckResult result = AllocationLanguage.check("c.click", """
                a :: FromNet(ip); b :: FromNet(arp); out :: ToNet(x);
                a -> ids :: Ids -> [0]m :: Merge -> out;
                b -> [1]m;
                ids[1] -> ToNet(alerts);
                """, catalogue);

        assertThat(result.errorText()).isEmpty();
        assertThat(result.service().modules())
                .extracting(
                        m -> m.name() + " " + m.inputs() + "/" + m.outputs() + " " + m.cpuCores() + " " + m.memoryMb())
                .containsExactly("ids 1/2 2.0 2048", "m 2/1 0.5 64");
    }

    @Test
    void rangesAreEnforced() {
        CheckResult result = AllocationLanguage.check(
                "c.click", "a :: FromNet(ip); a -> m :: Merge -> ToNet(x); c :: Counter", catalogue);

        assertThat(result.errorText()).isEqualTo("""
                c.click:1:24: error: input port 1 of 'm' (Merge) is not connected
                c.click:1:53: error: unknown element class 'Counter': the platform has no such processing module""");
    }
}
