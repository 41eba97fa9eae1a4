package org.flowstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units shipped for real hosts (src/main/dist/systemd): systemd itself accepts them, there is one
 * per daemon, each starts a daemon that exists, restarts on failure, and runs with the least privilege it needs.
 */
class SystemdUnitsTest {

    private static final Path UNITS = Path.of("src/main/dist/systemd");
    private static final Path SHIPPED_JAVA = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    private static final Pattern DAEMON =
            Pattern.compile(" (org\\.flowstream\\.[\\w.]+) daemon (\\w+) --config /etc/flowstream/(\\w+)\\.json$");

    @TempDir
    Path copies;

    @Test
    void thereIsOneUnitPerDaemonAndEachStartsThatDaemon() throws Exception {
        assertThat(units())
                .extracting(u -> u.getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(DaemonCommand.DAEMONS.keySet().stream()
                        .map(d -> "flowstream-" + d + ".service")
                        .toList());
        for (Path unit : units()) {
            Map<String, String> service = keys(unit, "Service");
            Matcher m = DAEMON.matcher(service.get("ExecStart"));
            assertThat(m.find())
                    .as("%s starts `flowstream daemon KIND --config /etc/flowstream/KIND.json`", unit)
                    .isTrue();
            assertThat(Class.forName(m.group(1))).isEqualTo(FlowstreamCli.class);
            assertThat(unit.getFileName().toString()).isEqualTo("flowstream-" + m.group(2) + ".service");
            assertThat(m.group(3)).isEqualTo(m.group(2));
            assertThat(service)
                    .containsEntry("Restart", "on-failure")
                    .containsEntry("NoNewPrivileges", "yes")
                    .containsKey("RestartSec");
        }
    }

    @Test
    void onlyTheModuleHostRunsAsRootAndItKeepsOnlyTheCapabilitiesItUses() throws Exception {
        for (Path unit : units()) {
            Map<String, String> service = keys(unit, "Service");
            if (unit.getFileName().toString().equals("flowstream-modulehost.service")) {
                assertThat(service)
                        .containsEntry("User", "root")
                        .containsEntry(
                                "CapabilityBoundingSet",
                                "CAP_SYS_ADMIN CAP_NET_ADMIN CAP_NET_RAW CAP_SYS_RESOURCE CAP_KILL");
            } else {
                assertThat(service)
                        .containsEntry("User", "flowstream")
                        .containsEntry("CapabilityBoundingSet", "")
                        .containsEntry("ProtectSystem", "strict")
                        .containsEntry("StateDirectoryMode", "0700");
            }
        }
    }

    @Test
    void theResourceDaemonStartsAfterTheOpenflowDaemonAndMonitoringAfterTheResourceDaemon() throws Exception {
        assertThat(keys(UNITS.resolve("flowstream-resource.service"), "Unit").get("After"))
                .contains("flowstream-openflow.service");
        assertThat(keys(UNITS.resolve("flowstream-monitoring.service"), "Unit").get("After"))
                .contains("flowstream-resource.service");
    }

    /** systemd-analyze verify (from the systemd package) reads them as systemd would and complains about nothing. */
    @Test
    void systemdAcceptsThem() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        for (Path unit : units()) {
            Path copy = copies.resolve(unit.getFileName());
            String text = Files.readString(unit);
            if (!Files.isExecutable(
                    SHIPPED_JAVA)) { // verify checks that ExecStart's program exists: use this machine's JDK
                text = text.replace(
                        SHIPPED_JAVA.toString(),
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
            }
            Files.writeString(copy, text);
            Process verify = new ProcessBuilder("systemd-analyze", "verify", "--man=no", copy.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(verify.waitFor())
                    .as("systemd-analyze verify %s: %s", unit, output)
                    .isZero();
            assertThat(output).as("systemd-analyze verify %s", unit).isEmpty();
        }
    }

    private static List<Path> units() throws IOException {
        try (Stream<Path> files = Files.list(UNITS)) {
            return files.filter(f -> f.toString().endsWith(".service")).sorted().toList();
        }
    }

    /** The KEY=value lines of one [section] (the last value of a key wins, as in systemd). */
    private static Map<String, String> keys(Path unit, String section) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        String current = "";
        for (String line : Files.readAllLines(unit)) {
            if (line.startsWith("[")) {
                current = line.substring(1, line.indexOf(']'));
            } else if (current.equals(section) && line.contains("=") && !line.startsWith("#")) {
                keys.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return keys;
    }
}
