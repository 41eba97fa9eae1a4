package org.flowstream.cli.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowstream.common.netns.IpCommand;

/**
 * The local platform's Open vSwitch seen from outside, through its run directory: whether it runs, and how
 * to take its bridge down and stop it when the OpenVswitch object that started it is long gone.
 */
final class OvsProcesses {

    private static final List<String> DAEMONS = List.of("ovs-vswitchd", "ovsdb-server");

    private OvsProcesses() {}

    static boolean running(Path ovsDir) {
        return DAEMONS.stream()
                .anyMatch(d -> pid(ovsDir, d)
                        .flatMap(ProcessHandle::of)
                        .map(ProcessHandle::isAlive)
                        .orElse(false));
    }

    static void deleteBridge(Path ovsDir, String bridge) {
        ProcessBuilder vsctl = new ProcessBuilder(
                "ovs-vsctl", "--db=unix:" + ovsDir.resolve("db.sock"), "--timeout=10", "--if-exists", "del-br", bridge);
        Map<String, String> env = vsctl.environment();
        env.put("OVS_RUNDIR", ovsDir.toString());
        env.put("OVS_DBDIR", ovsDir.toString());
        env.put("OVS_LOGDIR", ovsDir.toString());
        try {
            vsctl.redirectErrorStream(true).start().waitFor();
        } catch (IOException | InterruptedException e) {
            // no switch to talk to: nothing to delete
        }
    }

    static void stop(Path ovsDir) throws InterruptedException {
        for (String daemon : DAEMONS) {
            var pid = pid(ovsDir, daemon);
            if (pid.isPresent()) {
                DaemonProcesses.stop(pid.get());
            }
        }
        IpCommand.tryRun(List.of("ip", "link", "del", "ovs-netdev"));
    }

    private static java.util.Optional<Long> pid(Path ovsDir, String daemon) {
        try {
            return java.util.Optional.of(Long.parseLong(
                    Files.readString(ovsDir.resolve(daemon + ".pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
