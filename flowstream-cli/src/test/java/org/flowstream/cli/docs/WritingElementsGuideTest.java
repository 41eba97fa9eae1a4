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

    private ResourceDaemon resource;
    private ModuleHostDaemon moduleHost;

    @BeforeEach
    void startPlatform() throws Exception {
        DaemonConfig resourceConfig = new DaemonConfig();
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
        Map<String, List<String>> blocks = codeBlocks(Files.readString(GUIDE));
        Files.writeString(dir.resolve("LengthFilter.java"), blocks.get("java").get(0));
        assertThat(flowstream("bin/flowstream deploy-pm LengthFilter LengthFilter.java").exitCode)
                .isZero();
        Files.writeString(
                dir.resolve("length-filter.click"), blocks.get("click").get(0) + "short[2] -> to_h2\n");

        Run run = flowstream("bin/flowstream lang check --platform length-filter.click");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out + run.err).contains("error: 'short' has no output port 2: LengthFilter has 1-2 outputs");
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
        // Some commands print with System.out (Answers): take that too.
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        boolean answers = !args.get(0).equals("lang");
        if (answers) {
            System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        }
        int code;
        try {
            code = cli.execute(args.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        return new Run(code, out + printed.toString(java.nio.charset.StandardCharsets.UTF_8), err.toString());
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
