package org.flowstream.cli.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flowstream.common.netns.IpCommand;

/**
 * The local platform's private supervisord: started by up with its configuration and socket under
 * run/supervisor (mode 0700, so only root controls it), it runs every daemon and restarts one that dies.
 * Everything goes through supervisorctl, the tool operators already know.
 */
final class Supervisor {

    private final Path dir;

    Supervisor(PlatformLayout layout) {
        this.dir = layout.supervisorDir();
    }

    Path configFile() {
        return dir.resolve("supervisord.conf");
    }

    Path logFile() {
        return dir.resolve("supervisord.log");
    }

    /** Writes the configuration (read by supervisord at start and on {@code supervisorctl update}). */
    void writeConfig(String config) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        PrivateFiles.write(configFile(), config.getBytes(StandardCharsets.UTF_8));
    }

    /** The programs its configuration file names (empty when there is none): what supervisord ran or would run. */
    java.util.Set<String> configuredPrograms() {
        try {
            return java.util.regex.Pattern.compile("^\\[program:([^\\]]+)\\]$", java.util.regex.Pattern.MULTILINE)
                    .matcher(Files.readString(configFile()))
                    .results()
                    .map(m -> m.group(1))
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        } catch (IOException e) {
            return java.util.Set.of();
        }
    }

    /** Starts supervisord (it detaches itself) and waits until supervisorctl reaches it. */
    void start() throws IOException, InterruptedException {
        IpCommand.run(List.of("supervisord", "-c", configFile().toString()));
        for (int i = 0; i < 100 && !running(); i++) {
            Thread.sleep(100);
        }
        if (!running()) {
            throw new IOException("supervisord did not start; see " + logFile());
        }
    }

    /** Whether this platform's supervisord runs and answers on its socket. */
    boolean running() {
        return pid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false)
                && ctl("pid").exitCode() == 0;
    }

    Optional<Long> pid() {
        try {
            return Optional.of(Long.parseLong(
                    Files.readString(dir.resolve("supervisord.pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts programs and waits until supervisord counts them running (alive after startsecs); fails with what
     * supervisorctl said, e.g. "ERROR (spawn error)".
     */
    void startPrograms(List<String> names) {
        control("start", names);
    }

    /** Waits until supervisord counts every one of {@code names} RUNNING (one it is restarting may take its backoff). */
    void awaitRunning(List<String> names) throws InterruptedException {
        for (int i = 0; i < 60; i++) {
            List<ProgramStatus> notYet = status().stream()
                    .filter(p -> names.contains(p.name()) && !p.isRunning())
                    .toList();
            if (notYet.isEmpty()) {
                return;
            }
            if (notYet.stream().anyMatch(p -> p.state().equals("FATAL"))) {
                throw new IllegalStateException("supervisord gave up starting " + notYet);
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("not running after 60 s: " + names);
    }

    /** Stops programs (SIGTERM, SIGKILL after stopwaitsecs) and waits until they are gone. */
    void stopPrograms(List<String> names) {
        control("stop", names);
    }

    /** Every program with its state, pid, uptime and restarts. */
    List<ProgramStatus> status() {
        String logSinceStart = logSinceStart();
        return ProgramStatus.parse(ctl("status").output(), logSinceStart);
    }

    /** Stops supervisord itself (after its programs) and waits until it has exited. */
    void shutdown() throws InterruptedException {
        Optional<ProcessHandle> process = pid().flatMap(ProcessHandle::of);
        ctl("shutdown");
        if (process.isPresent()) {
            DaemonProcesses.stop(process.get().pid());
        }
    }

    private void control(String action, List<String> names) {
        List<String> args = new ArrayList<>(List.of(action));
        args.addAll(names);
        IpCommand.Result result = ctl(args.toArray(String[]::new));
        if (result.exitCode() != 0 || result.output().contains("ERROR")) {
            throw new IllegalStateException("supervisorctl %s %s: %s"
                    .formatted(action, String.join(" ", names), result.output().strip()));
        }
    }

    private IpCommand.Result ctl(String... args) {
        List<String> command =
                new ArrayList<>(List.of("supervisorctl", "-c", configFile().toString()));
        command.addAll(List.of(args));
        return IpCommand.tryRun(command);
    }

    /** supervisord's log since it last started, where it notes each spawn (restarts are counted from it). */
    private String logSinceStart() {
        try {
            String log = Files.readString(logFile());
            int start = log.lastIndexOf("supervisord started with pid");
            return start < 0 ? log : log.substring(start);
        } catch (IOException e) {
            return "";
        }
    }
}
