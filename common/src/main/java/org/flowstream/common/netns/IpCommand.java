package org.flowstream.common.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2's {@code ip} (and any other command) and turns a non-zero exit into a {@link NetnsException}
 * that quotes what the command printed, so that "RTNETLINK answers: File exists" reaches the operator.
 */
public final class IpCommand {

    /** Long enough for a loaded 2-core machine; {@code ip} itself answers in milliseconds. */
    private static final long TIMEOUT_SECONDS = 30;

    private IpCommand() {}

    /** Runs {@code ip args...}; returns its standard output. */
    public static String ip(String... args) {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add("ip");
        command.addAll(List.of(args));
        return run(command);
    }

    /** Runs a command; returns its standard output, or throws with its output when it fails. */
    public static String run(List<String> command) {
        Result result = tryRun(command);
        if (result.exitCode() != 0) {
            throw new NetnsException("`%s` failed (exit %d): %s"
                    .formatted(
                            String.join(" ", command),
                            result.exitCode(),
                            result.output().strip()));
        }
        return result.output();
    }

    /** What a command printed (standard output and error together) and how it exited. */
    public record Result(int exitCode, String output) {}

    /** Runs a command and reports how it went, without judging the exit code. */
    public static Result tryRun(List<String> command) {
        return tryRun(command, "");
    }

    /**
     * As {@link #tryRun(List)}, with {@code input} on the command's standard input: {@code ip -batch -} runs many
     * commands in one process (one process start instead of one per command).
     */
    public static Result tryRun(List<String> command, String input) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new NetnsException(
                        "`%s` did not finish in %d s".formatted(String.join(" ", command), TIMEOUT_SECONDS));
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NetnsException(
                    "cannot run `%s`: %s (is iproute2 installed?)".formatted(String.join(" ", command), e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetnsException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
    }
}
