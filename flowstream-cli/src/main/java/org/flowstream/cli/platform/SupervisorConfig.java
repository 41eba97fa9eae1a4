package org.flowstream.cli.platform;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration of the local platform's private supervisord (Debian's {@code supervisor}): one program per
 * daemon, each started by up stage by stage (so autostart is off), restarted by supervisord when it dies.
 *
 * <p>Backoff, as supervisor does it: a daemon that exits within {@link #START_SECONDS} s of starting has failed
 * to start and is tried again after 1, 2, 3 ... s (one second more each time), at most {@link #START_RETRIES}
 * times, then left FATAL. A daemon that ran longer and then dies is restarted at once (autorestart), and its
 * retry count starts again from zero.
 */
final class SupervisorConfig {

    static final int START_SECONDS = 3;
    static final int START_RETRIES = 5;
    /** Matches the grace a daemon gets on SIGTERM before SIGKILL (their own shutdown hooks stop PMs, flush state). */
    static final int STOP_WAIT_SECONDS = 20;

    private SupervisorConfig() {}

    /** The whole supervisord.conf for the daemons of {@code layout}, each started with {@code launcher} + its arguments. */
    static String render(PlatformLayout layout, List<String> launcher) {
        Path dir = layout.supervisorDir();
        String header = """
                ; Written by bin/flowstream up: the local platform's private supervisord. Do not edit; up rewrites it.
                ; See docs/operations.md. Control: supervisorctl -c %1$s/supervisord.conf status
                [unix_http_server]
                file=%1$s/supervisor.sock
                chmod=0700

                [supervisord]
                logfile=%1$s/supervisord.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%2$s
                nodaemon=false
                minfds=4096

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                [supervisorctl]
                serverurl=unix://%1$s/supervisor.sock
                """.formatted(dir, layout.logDir());
        return header
                + layout.daemons().stream()
                        .map(d -> program(layout, d, launcher))
                        .collect(Collectors.joining());
    }

    private static String program(PlatformLayout layout, PlatformLayout.DaemonSpec daemon, List<String> launcher) {
        return """

                [program:%s]
                command=%s
                user=%s
                environment=HOME="%s"
                directory=%s
                priority=%d
                autostart=false
                autorestart=true
                startsecs=%d
                startretries=%d
                stopsignal=TERM
                stopwaitsecs=%d
                redirect_stderr=true
                stdout_logfile=%s
                stdout_logfile_maxbytes=50MB
                stdout_logfile_backups=3
                """.formatted(
                        daemon.name(),
                        commandLine(command(layout, daemon, launcher)),
                        daemon.user(),
                        layout.stateDir(daemon),
                        layout.runDir().getParent(),
                        priority(daemon),
                        START_SECONDS,
                        START_RETRIES,
                        STOP_WAIT_SECONDS,
                        layout.log(daemon));
    }

    /**
     * The daemon's command line. A module host is started inside its namespace with nsenter, which changes only
     * the network namespace (ip netns exec would also give it a mount namespace of its own, hiding the
     * namespaces and cgroups it creates for PMs); nsenter execs, so supervisord watches the daemon itself.
     * setpriv first narrows the capability bounding set to what a module host uses (the systemd unit's list),
     * so the root module host, its tasks and the PMs it starts can never hold any other capability.
     */
    /**
     * The capabilities a module host uses (docs/operations.md says why each): the one list that both setpriv here
     * and the systemd unit's CapabilityBoundingSet keep; SupervisorConfigTest holds the unit to it.
     */
    static final List<String> MODULE_HOST_CAPABILITIES =
            List.of("sys_admin", "net_admin", "net_raw", "sys_resource", "kill");

    static List<String> command(PlatformLayout layout, PlatformLayout.DaemonSpec daemon, List<String> launcher) {
        List<String> command = new java.util.ArrayList<>();
        if (!daemon.namespace().isEmpty()) {
            command.addAll(List.of(
                    "setpriv",
                    "--bounding-set=-all,"
                            + String.join(
                                    ",",
                                    MODULE_HOST_CAPABILITIES.stream()
                                            .map(c -> "+" + c)
                                            .toList()),
                    "--"));
            command.addAll(List.of("nsenter", "--net=/var/run/netns/" + daemon.namespace()));
        }
        command.addAll(launcher);
        command.addAll(List.of(
                "daemon", daemon.kind(), "--config", layout.configFile(daemon).toString()));
        return command;
    }

    /**
     * A command line as supervisord reads it: split like a shell would (shlex), with %(name)s expansions, so
     * arguments with spaces or quotes are single-quoted and every % is doubled.
     */
    static String commandLine(List<String> command) {
        return command.stream()
                .map(arg -> {
                    String escaped = arg.replace("%", "%%");
                    return escaped.matches("[A-Za-z0-9_./:=@,+*%-]+")
                            ? escaped
                            : "'" + escaped.replace("'", "'\\''") + "'";
                })
                .collect(Collectors.joining(" "));
    }

    /** supervisord stops programs in reverse priority order: module hosts (and their PMs) before the resource daemon. */
    private static int priority(PlatformLayout.DaemonSpec daemon) {
        return switch (daemon.kind()) {
            case "openflow" -> 100;
            case "resource" -> 200;
            default -> 300;
        };
    }
}
