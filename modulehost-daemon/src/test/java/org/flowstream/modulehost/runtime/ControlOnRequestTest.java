package org.flowstream.modulehost.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flowstream.modulehost.control.PmControlClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PM started with {@code --control-on-request true} opens its control channel only when the module host asks on
 * its standard input, or once that input ends (its module host died: the next one can only ask by socket). Real PM
 * processes on the loopback interface (they read it, write nothing).
 */
class ControlOnRequestTest {

    @TempDir
    Path dir;

    @Test
    void theChannelOpensWhenAskedAndAnswers() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (AF_PACKET sockets)");
        Process pm = start("asked");
        try {
            awaitUp(pm);
            Thread.sleep(1500); // a PM that opened it at start would have done so by now
            assertThat(socket()).doesNotExist();

            OutputStream in = pm.getOutputStream();
            in.write((HostPipe.OPEN_CONTROL + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
            awaitFile(socket());

            Object answer = new PmControlClient(socket()).call(Map.of("op", "elements"));
            assertThat(answer).isInstanceOf(List.class);
            assertThat(pm.isAlive()).isTrue();
        } finally {
            stop(pm);
        }
    }

    @Test
    void theChannelOpensWhenTheModuleHostIsGone() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (AF_PACKET sockets)");
        Process pm = start("orphan");
        try {
            awaitUp(pm);
            assertThat(socket()).doesNotExist();

            pm.getOutputStream().close(); // what a killed module host's end does

            awaitFile(socket());
            assertThat(new PmControlClient(socket()).call(Map.of("op", "elements")))
                    .isInstanceOf(List.class);
            assertThat(pm.isAlive())
                    .as("the PM runs on without its module host")
                    .isTrue();
        } finally {
            stop(pm);
        }
    }

    private Path socket() {
        return dir.resolve("control.sock");
    }

    private Process start(String name) throws Exception {
        Files.writeString(dir.resolve("config.click"), "FromDevice(lo) -> Discard");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                PmMain.class.getName()));
        command.addAll(List.of(
                "--name",
                name,
                "--config",
                dir.resolve("config.click").toString(),
                "--stats",
                dir.resolve("stats.json").toString(),
                "--control",
                socket().toString(),
                "--control-on-request",
                "true"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("pm.log").toFile())
                .start();
    }

    private void awaitUp(Process pm) throws Exception {
        awaitFile(dir.resolve("stats.json"));
        assertThat(pm.isAlive()).as(Files.readString(dir.resolve("pm.log"))).isTrue();
    }

    private void awaitFile(Path file) throws Exception {
        for (int i = 0; i < 600 && !Files.exists(file); i++) {
            Thread.sleep(50);
        }
        assertThat(file).as(Files.readString(dir.resolve("pm.log"))).exists();
    }

    private static void stop(Process pm) throws InterruptedException {
        pm.destroy();
        pm.waitFor(20, TimeUnit.SECONDS);
        pm.destroyForcibly();
    }
}
