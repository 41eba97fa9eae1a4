package org.flowstream.openflow;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command for a test; a failure is an AssertionError with the command's output. */
final class Shell {

    private Shell() {}

    static String run(String... command) {
        Result r = exec(command);
        if (r.code != 0) {
            throw new AssertionError("%s failed (%d): %s".formatted(String.join(" ", command), r.code, r.output));
        }
        return r.output;
    }

    static Result runQuietly(String... command) {
        return exec(command);
    }

    record Result(int code, String output) {}

    static Result exec(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + " (timed out)");
            }
            return new Result(p.exitValue(), out);
        } catch (Exception e) {
            return new Result(-1, e.toString());
        }
    }
}
