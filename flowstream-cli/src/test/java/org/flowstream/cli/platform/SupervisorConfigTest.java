package org.flowstream.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisord.conf up writes: one program per daemon, who runs it, how it is restarted, who may control it. */
class SupervisorConfigTest {

    @TempDir
    Path home;

    @Test
    void everyDaemonIsAProgramWithRestartBackoffAndItsOwnLog() {
        PlatformLayout layout = PlatformLayout.standard(home, 2);
        String conf = SupervisorConfig.render(layout, List.of("/usr/bin/java", "-cp", "a.jar", "Main"));
        for (String name : List.of("openflow", "resource", "modulehost-mh1", "modulehost-mh2", "monitoring")) {
            String program = section(conf, "program:" + name);
            assertThat(program)
                    .contains(
                            "autorestart=true",
                            "startsecs=3",
                            "startretries=5",
                            "stopsignal=TERM",
                            "stdout_logfile=" + home.resolve("run/logs/" + name + ".log"));
        }
        assertThat(section(conf, "program:resource"))
                .contains("command=/usr/bin/java -cp a.jar Main daemon resource --config "
                        + home.resolve("run/config/resource.json"));
    }

    @Test
    void onlyModuleHostsRunAsRootAndInsideTheirNamespace() {
        PlatformLayout layout = PlatformLayout.standard(home, 1);
        String conf = SupervisorConfig.render(layout, List.of("java", "Main"));
        assertThat(section(conf, "program:modulehost-mh1"))
                .contains(
                        "user=root",
                        "command=setpriv --bounding-set=-all,+sys_admin,+net_admin,+net_raw,+sys_resource,+kill -- nsenter --net=/var/run/netns/fs-mh1 java Main daemon modulehost");
        for (String name : List.of("openflow", "resource", "monitoring")) {
            assertThat(section(conf, "program:" + name))
                    .contains("user=flowstream", "environment=HOME=\"" + home.resolve("run/state/" + name) + "\"")
                    .doesNotContain("nsenter");
        }
    }

    @Test
    void onlyRootMayTalkToSupervisord() {
        String conf = SupervisorConfig.render(PlatformLayout.standard(home, 1), List.of("java"));
        assertThat(section(conf, "unix_http_server"))
                .contains("file=" + home.resolve("run/supervisor/supervisor.sock"), "chmod=0700");
    }

    @Test
    void argumentsSurviveSupervisordsShellLikeSplittingAndPercentExpansion() {
        assertThat(SupervisorConfig.commandLine(
                        List.of("/opt/my jdk/bin/java", "-Dx=50%", "it's", "plain:a.jar:lib/*")))
                .isEqualTo("'/opt/my jdk/bin/java' -Dx=50%% 'it'\\''s' plain:a.jar:lib/*");
    }

    private static String section(String conf, String name) {
        int start = conf.indexOf("[" + name + "]");
        assertThat(start).as("section [%s]", name).isNotNegative();
        int end = conf.indexOf("\n[", start + 1);
        return end < 0 ? conf.substring(start) : conf.substring(start, end);
    }

    /** up's setpriv keeps exactly the capabilities the shipped systemd unit's CapabilityBoundingSet names. */
    @Test
    void theModuleHostKeepsTheCapabilitiesOfItsSystemdUnit() throws Exception {
        String bounding = Files.readAllLines(Path.of("src/main/dist/systemd/flowstream-modulehost.service")).stream()
                .filter(line -> line.startsWith("CapabilityBoundingSet="))
                .findFirst()
                .orElseThrow()
                .substring("CapabilityBoundingSet=".length());
        assertThat(SupervisorConfig.MODULE_HOST_CAPABILITIES.stream()
                        .map(c -> "CAP_" + c.toUpperCase())
                        .toList())
                .containsExactly(bounding.split(" "));
    }
}
