package org.flowstream.cli.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.common.ovs.OpenVswitch;

/**
 * The local platform's Open vSwitch seen from outside, through its run directory: whether it runs, and how
 * to take its bridge down and stop it when the OpenVswitch object that started it is long gone.
 */
public final class OvsProcesses {

    private static final List<String> DAEMONS = List.of("ovs-vswitchd", "ovsdb-server");

    private OvsProcesses() {}

    static boolean running(Path ovsDir) {
        return DAEMONS.stream().anyMatch(d -> alive(ovsDir, d));
    }

    /** Whether ovsdb-server runs but ovs-vswitchd does not (it crashed or was killed): the switch can come back in place. */
    static boolean onlyVswitchdDown(Path ovsDir) {
        return alive(ovsDir, "ovsdb-server") && !alive(ovsDir, "ovs-vswitchd");
    }

    /**
     * Whether ovsdb-server has died while its database file is still there (the bridge, its ports and controller):
     * it can be started again in place, without starting the platform afresh.
     */
    static boolean onlyDatabaseDown(Path ovsDir) {
        return !alive(ovsDir, "ovsdb-server") && Files.exists(ovsDir.resolve("conf.db"));
    }

    /** Starts ovsdb-server again on the platform's database file; ovs-vswitchd reconnects to it by itself. */
    public static void startDatabase(Path ovsDir) {
        OpenVswitch.attach(ovsDir).restartDatabase();
    }

    /** The pid of the running ovs-vswitchd, from its pid file. */
    public static java.util.Optional<Long> vswitchdPid(Path ovsDir) {
        return pid(ovsDir, "ovs-vswitchd").filter(p -> alive(ovsDir, "ovs-vswitchd"));
    }

    /** The pid of the running ovsdb-server, from its pid file. */
    public static java.util.Optional<Long> databasePid(Path ovsDir) {
        return pid(ovsDir, "ovsdb-server").filter(p -> alive(ovsDir, "ovsdb-server"));
    }

    /**
     * Starts ovs-vswitchd again on the running database, as up first started it: the bridges and their ports come
     * back from the database, and the flows from the openflow daemon, which reconciles the switch when it connects.
     */
    public static void startVswitchd(Path ovsDir) {
        OpenVswitch.attach(ovsDir).restartVswitchd();
    }

    private static boolean alive(Path ovsDir, String daemon) {
        return pid(ovsDir, daemon).map(OvsProcesses::running).orElse(false);
    }

    /**
     * Whether a process runs: a killed daemon whose parent (init, or a container's first process that reaps
     * slowly) has not reaped it yet is a zombie, which ProcessHandle still counts as alive.
     */
    private static boolean running(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String state = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 2)[0];
            return !state.equals("Z") && !state.equals("X");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** An Open vSwitch tool working on the platform's run directory. */
    private static ProcessBuilder tool(Path ovsDir, String... command) {
        ProcessBuilder tool = new ProcessBuilder(command);
        Map<String, String> env = tool.environment();
        env.put("OVS_RUNDIR", ovsDir.toString());
        env.put("OVS_DBDIR", ovsDir.toString());
        env.put("OVS_LOGDIR", ovsDir.toString());
        return tool;
    }

    static void deleteBridge(Path ovsDir, String bridge) {
        ProcessBuilder vsctl = tool(
                ovsDir,
                "ovs-vsctl",
                "--db=unix:" + ovsDir.resolve("db.sock"),
                "--timeout=10",
                "--if-exists",
                "del-br",
                bridge);
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
