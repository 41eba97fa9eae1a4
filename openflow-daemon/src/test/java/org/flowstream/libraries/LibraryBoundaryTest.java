package org.flowstream.libraries;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.flowstream.common.bench.BenchOutput;
import org.junit.jupiter.api.Test;

/**
 * The load-balancing (§2.2) and offload (§2.4) algorithms are libraries of their own that happen to live in the
 * openflow daemon's module: they use nothing of OpenFlow (Loxi), Netty or any other Flowstream code but each other
 * and the contracts module (IPv4 addresses and prefixes), so they can be read, tested and benchmarked without a
 * switch. The daemon reaches them through its adapters, {@code org.flowstream.openflow.balancing} and
 * {@code org.flowstream.openflow.offloading}.
 */
class LibraryBoundaryTest {

    private static final String[] LIBRARIES = {"org.flowstream.balancer..", "org.flowstream.offload.."};

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.flowstream.balancer", "org.flowstream.offload", "org.flowstream.openflow.balancing");

    /** What classes in {@code packages} must not use: Loxi, Netty, and Flowstream code outside the libraries. */
    private static ArchRule keepsToTheLibraries(String... packages) {
        return noClasses()
                .that()
                .resideInAnyPackage(packages)
                .should()
                .dependOnClassesThat(resideInAnyPackage("org.projectfloodlight..", "io.netty..")
                        .or(resideInAPackage("org.flowstream..")
                                .and(not(resideInAnyPackage(LIBRARIES)))
                                .and(not(resideInAPackage("org.flowstream.contracts..")))
                                // what every bench command shares (--json and printing), free of any daemon
                                .and(not(equivalentTo(BenchOutput.class)))))
                .because("the balancer and offload algorithms are libraries; the openflow daemon adapts to them");
    }

    @Test
    void theAlgorithmsUseNoOpenflowNettyOrDaemonCode() {
        keepsToTheLibraries(LIBRARIES).check(CLASSES);
    }

    /** The rule does see such a dependency where there is one: the daemon's adapter uses the rule manager. */
    @Test
    void theRuleCatchesTheAdapter() {
        assertThat(keepsToTheLibraries("org.flowstream.openflow.balancing..")
                        .evaluate(CLASSES)
                        .hasViolation())
                .isTrue();
    }
}
