package org.flowstream.modulehost.basesys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.flowstream.modulehost.runtime.PmMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PmJvmTest {

    @TempDir
    Path dir;

    @Test
    void fastModeStartsALightJvmOnTheRuntimeJarsOnly() {
        PmJvm jvm = new PmJvm("/opt/java", List.of("-Dextra=1"), PmJvm.Mode.FAST, dir);

        List<String> command = jvm.command(256, List.of("--name", "fw"));

        assertThat(command.get(0)).isEqualTo("/opt/java");
        assertThat(command)
                .contains("-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xms4m", "-XX:+UseSerialGC", "-Dextra=1")
                .doesNotContain("-Xms16m")
                .endsWith(PmMain.class.getName(), "--name", "fw");
        String classPath = command.get(command.indexOf("-cp") + 1);
        // Jackson is there for the control channel, loaded only at its first request (docs/migration.md).
        assertThat(classPath).doesNotContain("jna").contains("jackson-databind");
        assertThat(command).noneMatch(o -> o.startsWith("-XX:AOTCache")); // not built yet
        assertThat(jvm.oneAtATime()).isFalse();
    }

    @Test
    void coldModeIsTheFormerWayOfStarting() {
        PmJvm jvm = new PmJvm("/opt/java", List.of(), PmJvm.Mode.FAST, dir);
        jvm.mode(PmJvm.Mode.parse("cold"));

        List<String> command = jvm.command(512, List.of());

        assertThat(command)
                .contains("-Xmx256m", "-Xms16m", "-XX:ReservedCodeCacheSize=48m")
                .doesNotContain("-XX:TieredStopAtLevel=1");
        assertThat(command.get(command.indexOf("-cp") + 1)).isEqualTo(System.getProperty("java.class.path"));
        assertThat(jvm.oneAtATime()).isTrue();
        assertThat(jvm.mode()).isEqualTo(PmJvm.Mode.COLD);
    }

    @Test
    void theJdkRunningTheDaemonAcceptsEveryOptionOfALightPm() throws Exception {
        // Some light options are diagnostic or experimental flags of one JDK: a JDK that dropped one would refuse
        // to start every PM, so this fails first.
        List<String> command = new java.util.ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(PmJvm.limitOptions(128));
        command.addAll(PmJvm.lightOptions());
        command.add("-version");
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(jvm.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(jvm.waitFor()).as(output).isZero();
        assertThat(output).doesNotContain("Unrecognized", "Improperly", "outside the allowed range");
    }

    @Test
    void anUnknownModeIsRefusedInWords() {
        assertThatThrownBy(() -> PmJvm.Mode.parse("warp"))
                .hasMessage("PM start-up mode 'warp' is not known: use 'fast', 'pooled' or 'cold'");
    }

    @Test
    void pooledModeStartsLightJvmsAndUsesThePool() {
        PmJvm jvm = new PmJvm("/opt/java", List.of(), PmJvm.Mode.parse("pooled"), dir);

        assertThat(jvm.command(256, List.of("--slot", "/x"))).contains("-XX:TieredStopAtLevel=1", "--slot");
        assertThat(jvm.pooled()).isTrue();
        assertThat(jvm.launchBeforePorts()).isTrue();
        assertThat(jvm.capCpuOnceUp()).isTrue();
        assertThat(jvm.oneAtATime()).isFalse();
        jvm.mode(PmJvm.Mode.FAST);
        assertThat(jvm.pooled()).isFalse();
    }

    @Test
    void theAotCacheIsNotBuiltFromClassDirectoriesAndSaysWhy() throws Exception {
        PmJvm jvm = new PmJvm("", List.of(), PmJvm.Mode.FAST, dir); // in tests the runtime comes from target/classes
        jvm.aotCache().prepare();
        for (int i = 0; i < 100 && jvm.aotCache().state().equals("building"); i++) {
            Thread.sleep(50);
        }
        assertThat(jvm.aotCache().state()).startsWith("unavailable: the PM class path holds a directory");
        assertThat(jvm.aotCache().ready()).isEmpty();
    }
}
