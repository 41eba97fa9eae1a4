package org.flowstream.modulehost.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module host starts a PM's JVM before it has made the PM's ports and says when they exist (a file): the PM
 * must not open an interface before that, and must give up in words if it never comes.
 */
class PortsReadyTest {

    @TempDir
    Path dir;

    @Test
    void waitsForTheFileThenLetsThrough() throws Exception {
        Path file = dir.resolve("ports.ready");
        PortsReady ports = new PortsReady(file, Duration.ofSeconds(30));
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(ports::await);

        Thread.sleep(200);
        assertThat(waiting).isNotDone();
        Files.createFile(file);

        waiting.get(10, TimeUnit.SECONDS);
        ports.await(); // and stays ready
    }

    @Test
    void portsThatNeverComeAreSaidInWords() {
        PortsReady ports = new PortsReady(dir.resolve("ports.ready"), Duration.ofMillis(100));

        assertThatThrownBy(ports::await)
                .isInstanceOf(PortsReady.NeverReadyException.class)
                .hasMessageContaining("the module host did not make its ports within 100 ms")
                .hasMessageContaining("ports.ready is missing");
    }

    @Test
    void aPmWithoutTheOptionDoesNotWait() {
        PortsReady.ALREADY.await();
    }

    /**
     * A real PM process on the loopback interface: it reads its graph but opens no interface (no stats file, the
     * sign of a PM that is up) until the file appears, then comes up.
     */
    @Test
    void aRealPmComesUpOnlyOnceItsPortsAreReady() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (AF_PACKET sockets)");
        Path config = dir.resolve("config.click");
        Path stats = dir.resolve("stats.json");
        Path ready = dir.resolve("ports.ready");
        Files.writeString(config, "FromDevice(lo) -> Discard");
        List<String> command = PmProcesses.command(List.of(
                "--name",
                "waiting",
                "--config",
                config.toString(),
                "--stats",
                stats.toString(),
                "--ports-ready",
                ready.toString()));
        Process pm = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("pm.log").toFile()) // created before start, so readable at once
                .start();
        Path log = dir.resolve("pm.log");
        try {
            for (int i = 0; i < 1200 && !Files.readString(log).contains("waiting for the module host"); i++) {
                Thread.sleep(50); // started, graph read, at its first interface
            }
            Thread.sleep(500); // a PM that did not wait would be up by now
            assertThat(pm.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(Files.readString(log)).contains("waiting for the module host to make the ports (ports.ready)");
            assertThat(stats).doesNotExist();

            Files.createFile(ready);
            for (int i = 0; i < 600 && !Files.exists(stats); i++) {
                Thread.sleep(50);
            }
            assertThat(stats).as(Files.readString(log)).exists();
        } finally {
            pm.destroy();
            pm.waitFor(20, TimeUnit.SECONDS);
            pm.destroyForcibly();
        }
    }
}
