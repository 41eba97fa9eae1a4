package org.flowstream.cli.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.flowstream.lang.catalogue.DefaultPmCatalogue;
import org.flowstream.lang.catalogue.PmType;
import org.flowstream.modulehost.deploy.ElementCatalog;
import org.flowstream.modulehost.runtime.ElementRegistry;
import org.flowstream.resource.pmtypes.PmTypeRecord;
import org.flowstream.resource.pmtypes.SignatureReader;
import org.junit.jupiter.api.Test;

/**
 * {@code lang check} offline and {@code submit} must agree (issue 19: they disagreed on Mirror and the NAT):
 * the language's built-in catalogue and the catalogue a resource daemon builds from a module host's
 * get_pm_info answer offer the same types with the same ports and default resources.
 */
class CatalogueAgreementTest {

    @Test
    void builtInCatalogueIsWhatAFreshPlatformOffers() {
        Map<String, String> platform = new TreeMap<>();
        for (PmTypeRecord type : SignatureReader.read(new ElementCatalog(new ElementRegistry(null)).describeAll())) {
            platform.put(type.name(), describe(type.toLanguageType()));
        }
        Map<String, String> offline = new TreeMap<>();
        for (PmType type : DefaultPmCatalogue.create().all()) {
            if (!type.className().equals("FromNet") && !type.className().equals("ToNet")) {
                offline.put(type.className(), describe(type));
            }
        }
        assertThat(offline).isEqualTo(platform).containsEntry("Mirror", "1/1-2 0.25 256");
    }

    private static String describe(PmType type) {
        return type.inputs().toClick() + "/" + type.outputs().toClick() + " " + type.defaultCpuCores() + " "
                + type.defaultMemoryMb();
    }
}
