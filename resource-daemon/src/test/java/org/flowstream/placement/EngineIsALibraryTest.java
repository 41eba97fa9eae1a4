package org.flowstream.placement;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.flowstream.common.bench.BenchOutput;
import org.junit.jupiter.api.Test;

/**
 * The placement engine is a library of its own that happens to live in the resource daemon's module: it
 * knows nothing of the daemon (allocations, module hosts, the store), the allocation language or the
 * common daemon code, so it can be benchmarked, tested and reused on its own. The daemon reaches it only
 * through its adapter, {@code org.flowstream.resource.placer}.
 */
class EngineIsALibraryTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.flowstream.placement");

    @Test
    void theEngineUsesNoOtherFlowstreamCode() {
        noClasses()
                .that()
                .resideInAPackage("org.flowstream.placement..")
                .should()
                .dependOnClassesThat(resideInAPackage("org.flowstream..")
                        .and(not(resideInAPackage("org.flowstream.placement..")))
                        // what every bench command shares (--json and printing), free of any daemon
                        .and(not(equivalentTo(BenchOutput.class))))
                .because("the placement engine is a library; the resource daemon adapts to it, not the reverse")
                .check(ENGINE);
    }
}
