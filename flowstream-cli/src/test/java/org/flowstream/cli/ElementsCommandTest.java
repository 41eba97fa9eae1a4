package org.flowstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code flowstream elements} prints exactly the checked-in reference pages (so the regeneration the docs give works). */
class ElementsCommandTest {

    private static String run(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThat(FlowstreamCli.commandLine().execute(args)).isZero();
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheReferenceAndTheSignatureList() throws Exception {
        assertThat(run("elements")).isEqualTo(Files.readString(Path.of("../docs/elements.md")));
        assertThat(run("elements", "--json"))
                .isEqualTo(
                        Files.readString(
                                Path.of(
                                        "../common/contracts/src/main/resources/org/flowstream/contracts/element/built-in-elements.json")));
    }
}
