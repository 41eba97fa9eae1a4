package org.flowstream.lang.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.TestFiles;
import org.flowstream.lang.bench.RequestGenerator;
import org.flowstream.lang.model.NetworkService;
import org.junit.jupiter.api.Test;

/** Printing a checked service and checking the text again gives the same service. */
class RoundTripPropertyTest {

    private static final int CASES = 120;

    @Test
    void generatedRequestsSurviveFlattenAndReparse() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (long seed = 0; seed < CASES; seed++) {
                String request = RequestGenerator.generate(seed, 1 + (int) (seed % 7));
                assertRoundTrip("seed " + seed, request);
            }
        });
    }

    @Test
    void handWrittenRequestSurvivesFlattenAndReparse() {
        assertRoundTrip("firewall", TestFiles.config("flowstream-firewall.click"));
        assertRoundTrip("spec", TestFiles.config("spec-example-repaired.click"));
    }

    @Test
    void oddArgumentsAndNamesSurvive() {
        assertRoundTrip("odd", """
                K=v with spaces
                a@b/c :: FromNet("udp , tp_src=53") -> x :: IPFilter("quote\\" back\\\\slash", 'single $x', "tab\\there",
                  "", "  padded  ", dollar\\$, "// not a comment", (p, q)) -> placement :: ToNet(o1);
                """);
    }

    private static void assertRoundTrip(String what, String request) {
        CheckResult first = AllocationLanguage.check(what, request);
        assertThat(first.errorText()).as("%s is valid:%n%s", what, request).isEmpty();
        String printed = AllocationLanguage.print(first.service());
        CheckResult second = AllocationLanguage.check(what + " (printed)", printed);
        assertThat(second.errorText())
                .as("printed form of %s is valid:%n%s", what, printed)
                .isEmpty();
        NetworkService reparsed = second.service();
        assertThat(reparsed).as("printed form of %s:%n%s", what, printed).isEqualTo(first.service());
        assertThat(AllocationLanguage.print(reparsed)).isEqualTo(printed);
    }
}
