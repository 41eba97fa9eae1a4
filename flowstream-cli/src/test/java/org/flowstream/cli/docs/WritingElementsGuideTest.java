package org.flowstream.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowstream.cli.FlowstreamCli;
import org.flowstream.common.auth.Caller;
import org.flowstream.common.auth.Role;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.modulehost.ModuleHostDaemon;
import org.flowstream.resource.ResourceDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * docs/writing-elements.md, run as written: its Java class and allocation are taken from the page's code
 * blocks, and its {@code bin/flowstream} commands run (through the same picocli program) against a real
 * resource daemon and a real module host daemon that registered with it, over XML-RPC. The one command not
 * run here is {@code submit}, which needs a switch: bin/e2e covers submitting on a whole platform.
 */
class WritingElementsGuideTest {

    private static final Path GUIDE = Path.of("../docs/writing-elements.md");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    private DaemonConfig resourceConfig;
    private ResourceDaemon resource;
    private ModuleHostDaemon moduleHost;

    @BeforeEach
    void startPlatform() throws Exception {
        resourceConfig = new DaemonConfig();
        resourceConfig.tasksDir = TestDaemon.repositoryTasks().toString();
        resourceConfig.stateDir = dir.resolve("resource").toString();
        resourceConfig.settings = new ObjectMapper().valueToTree(Map.of("ioPorts", Map.of("h1", 1, "h2", 2)));
        resource = new ResourceDaemon(resourceConfig);
        resource.start();

        DaemonConfig hostConfig = new DaemonConfig();
        hostConfig.port = 0;
        hostConfig.tasksDir = TestDaemon.repositoryTasks().toString();
        hostConfig.stateDir = dir.resolve("modulehost").toString();
        DaemonConfig.Peer peer = new DaemonConfig.Peer();
        peer.url = resource.url().toString();
        hostConfig.peers.put("resource", peer);
        ObjectNode settings = new ObjectMapper().createObjectNode();
        settings.put("hostName", "guide-mh");
        settings.put("bridge", "no-such-bridge"); // create_pm is not used: the guide's checks need no switch
        hostConfig.settings = settings;
        moduleHost = new ModuleHostDaemon(hostConfig);
        moduleHost.start();
        for (int i = 0; i < 300 && !moduleHost.registered(); i++) {
            Thread.sleep(100);
        }
        assertThat(moduleHost.registered())
                .as("the module host registered with the resource daemon")
                .isTrue();
    }

    @AfterEach
    void stopPlatform() {
        if (moduleHost != null) {
            moduleHost.stop();
        }
        if (resource != null) {
            resource.stop();
        }
    }

    @Test
    void theGuidesElementDeploysAndItsAllocationChecksAgainstThePlatform() throws Exception {
        Map<String, List<String>> blocks = codeBlocks(Files.readString(GUIDE));
        Files.writeString(dir.resolve("LengthFilter.java"), blocks.get("java").get(0));
        Files.writeString(
                dir.resolve("length-filter.click"), blocks.get("click").get(0));

        List<String> ran = new ArrayList<>();
        for (String block : blocks.get("sh")) {
            for (String line : block.strip().split("\n")) {
                if (line.startsWith("bin/flowstream submit")) {
                    continue; // needs a switch: see the class comment
                }
                Run run = flowstream(line);
                assertThat(run.exitCode).as("%s\n%s%s", line, run.out, run.err).isZero();
                ran.add(line);
                if (line.startsWith("bin/flowstream pms")) {
                    assertThat(run.out)
                            .contains("LengthFilter(MAX): passes frames of at most MAX bytes")
                            .contains("1/1-2");
                }
                if (line.startsWith("bin/flowstream lang check")) {
                    assertThat(run.out).contains("length-filter.click: ok (the platform would accept it now)");
                }
            }
        }
        assertThat(ran)
                .as("the guide's commands")
                .containsExactly(
                        "bin/flowstream deploy-pm LengthFilter LengthFilter.java",
                        "bin/flowstream pms",
                        "bin/flowstream lang check --platform length-filter.click");
    }

    @Test
    void anOutputTheSignatureDoesNotHaveIsRefusedAsTheGuideSays() throws Exception {
        Map<String, List<String>> blocks = deployTheGuidesElement();
        Files.writeString(
                dir.resolve("length-filter.click"), blocks.get("click").get(0) + "short[2] -> to_h2\n");

        Run run = flowstream("bin/flowstream lang check --platform length-filter.click");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out + run.err).contains("error: 'short' has no output port 2: LengthFilter has 1-2 outputs");
    }

    @Test
    void aDeployedTypesKeywordsAreCheckedBeforeAnythingStartsAndAfterARestart() throws Exception {
        Map<String, List<String>> blocks = deployTheGuidesElement();
        String request = blocks.get("click").get(0);
        Files.writeString(dir.resolve("unknown-keyword.click"), request.replace("MAX 200", "LIMIT 200"));
        Files.writeString(dir.resolve("mistyped.click"), request.replace("MAX 200", "MAX lots"));
        String unknownKeyword = "error: 'short' (LengthFilter): it has no keyword 'LIMIT'; LengthFilter takes MAX "
                + "(each written 'KEYWORD value')";
        String mistyped = "error: 'short' (LengthFilter): MAX must be a whole number of bytes, got 'lots'";

        assertRefused("bin/flowstream lang check --platform unknown-keyword.click", unknownKeyword);
        assertRefused("bin/flowstream lang check --platform mistyped.click", mistyped);
        Run submitted = flowstream("bin/flowstream submit --url " + resource.url() + " mistyped.click");
        assertThat(submitted.exitCode).as(submitted.out + submitted.err).isNotZero();
        assertThat(submitted.out + submitted.err).contains(mistyped.substring("error: ".length()));
        assertThat(resource.allocations().list(new Caller("operator", Role.OPERATOR)))
                .as("nothing stored, nothing started")
                .isEmpty();

        resource.stop();
        resource = new ResourceDaemon(resourceConfig);
        resource.start();

        assertRefused("bin/flowstream lang check --platform unknown-keyword.click", unknownKeyword);
        Files.writeString(dir.resolve("length-filter.click"), request);
        assertThat(flowstream("bin/flowstream lang check --platform length-filter.click").out)
                .contains("length-filter.click: ok (the platform would accept it now)");
    }

    /** Deploys the guide's element as the guide does; answers the guide's code blocks. */
    private Map<String, List<String>> deployTheGuidesElement() throws Exception {
        Map<String, List<String>> blocks = codeBlocks(Files.readString(GUIDE));
        Files.writeString(dir.resolve("LengthFilter.java"), blocks.get("java").get(0));
        assertThat(flowstream("bin/flowstream deploy-pm LengthFilter LengthFilter.java").exitCode)
                .isZero();
        return blocks;
    }

    private void assertRefused(String line, String error) {
        Run run = flowstream(line);
        assertThat(run.exitCode).as("%s\n%s%s", line, run.out, run.err).isEqualTo(1);
        assertThat(run.out + run.err).contains(error);
    }

    private record Run(int exitCode, String out, String err) {}

    /** One of the guide's command lines, pointed at the test's platform and files. */
    private Run flowstream(String line) {
        List<String> args = new ArrayList<>();
        for (String word : line.substring("bin/flowstream ".length()).split(" ")) {
            if (word.equals("--platform")) {
                args.add("--url");
                args.add(resource.url().toString());
            } else if (word.endsWith(".java") || word.endsWith(".click")) {
                args.add(dir.resolve(word).toString());
            } else {
                args.add(word);
            }
        }
        if (args.get(0).equals("deploy-pm") || args.get(0).equals("pms")) {
            args.add(1, "--url");
            args.add(2, resource.url().toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = FlowstreamCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        // Some commands print with System.out and System.err (Answers): take those too.
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream printedErrors = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        java.io.PrintStream originalErr = System.err;
        boolean answers = !args.get(0).equals("lang");
        if (answers) {
            System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            System.setErr(new java.io.PrintStream(printedErrors, true, java.nio.charset.StandardCharsets.UTF_8));
        }
        int code;
        try {
            code = cli.execute(args.toArray(String[]::new));
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
        return new Run(
                code,
                out + printed.toString(java.nio.charset.StandardCharsets.UTF_8),
                err + printedErrors.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The page's fenced code blocks by language, in order. */
    private static Map<String, List<String>> codeBlocks(String markdown) {
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
        }
        return blocks;
    }
}
