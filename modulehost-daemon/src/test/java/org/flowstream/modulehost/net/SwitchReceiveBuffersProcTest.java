package org.flowstream.modulehost.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which of a process's descriptors {@link SwitchReceiveBuffers} raises, read from a /proc of the test's own (the real
 * switch is in SwitchReceiveBuffersTest): its packet sockets bound to an interface, not its unbound sending socket,
 * not another process's packet socket, not its other descriptors.
 */
class SwitchReceiveBuffersProcTest {

    private static final String NET_PACKET = """
            sk               RefCnt Type Proto  Iface R Rmem   User   Inode
            ffff8f3e0a1b2000 3      3    0003   7     1 0      0      5001
            ffff8f3e0a1b3000 3      3    0000   0     0 0      0      5002
            ffff8f3e0a1b4000 3      3    0003   9     1 0      0      5003
            ffff8f3e0a1b5000 3      3    0003   8     1 0      0      7777
            """;

    @Test
    void boundPacketSocketsOfTheProcessAreChosen(@TempDir Path proc) throws Exception {
        Path process = proc.resolve("4242");
        Files.createDirectories(process.resolve("net"));
        Files.writeString(process.resolve("net/packet"), NET_PACKET);
        Path fd = Files.createDirectories(process.resolve("fd"));
        Files.createSymbolicLink(fd.resolve("3"), Path.of("anon_inode:[eventfd]"));
        Files.createSymbolicLink(fd.resolve("12"), Path.of("socket:[5003]"));
        Files.createSymbolicLink(fd.resolve("5"), Path.of("socket:[5001]"));
        Files.createSymbolicLink(fd.resolve("6"), Path.of("socket:[5002]")); // the sending socket: no interface
        Files.createSymbolicLink(fd.resolve("7"), Path.of("socket:[6000]")); // a netlink socket, say
        // inode 7777 belongs to another process of the namespace: no descriptor of this one links to it

        assertThat(SwitchReceiveBuffers.interfaceSockets(proc, 4242)).containsExactly(5, 12);
    }

    @Test
    void anEmptyTableChoosesNothing() {
        assertThat(SwitchReceiveBuffers.boundPacketSockets(List.of())).isEmpty();
        assertThat(SwitchReceiveBuffers.boundPacketSockets(
                        List.of(NET_PACKET.lines().findFirst().orElseThrow())))
                .isEmpty();
    }
}
