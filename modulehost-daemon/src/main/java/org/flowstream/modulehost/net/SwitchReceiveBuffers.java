package org.flowstream.modulehost.net;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.flowstream.modulehost.runtime.Libc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises the receive buffer of each packet socket through which a userspace ({@code netdev}) Open vSwitch reads a
 * port. Open vSwitch opens them with the kernel's default size (net.core.rmem_default, 208 KiB on most machines: a
 * few hundred small frames) and has no setting for it; its one thread that reads these ports, off the CPU for longer
 * than a port takes to fill that (tens of milliseconds at a few thousand frames a second, on a busy machine), loses
 * every frame that arrives until it runs again (docs/modulehost-daemon.md, "Where the switch loses frames").
 * Raising net.core.rmem_default would do it for every socket of the machine; this does it for the switch's alone: it
 * takes a duplicate of each of the switch's sockets that is bound to an interface ({@code pidfd_getfd}, Linux 5.6,
 * with the right to ptrace the switch: root with CAP_SYS_PTRACE, see docs/operations.md) and sets SO_RCVBUFFORCE on
 * it. A socket the switch opens later (a port added, the switch restarted) has the default until the next call.
 */
public final class SwitchReceiveBuffers {

    private static final Logger LOG = LoggerFactory.getLogger(SwitchReceiveBuffers.class);
    /** What a PM's own packet sockets ask for (runtime.PacketSocket); the kernel doubles it for its bookkeeping. */
    public static final int BYTES = 4 << 20;

    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUFFORCE = 33;
    /** Where Open vSwitch keeps its pid files unless told otherwise. */
    private static final String DEFAULT_RUN_DIR = "/var/run/openvswitch";
    /** Whether the module host already said it cannot raise them. */
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private SwitchReceiveBuffers() {}

    /**
     * Raises the buffers of the ports of the ovs-vswitchd whose pid file is in {@code ovsRunDir} ("" for the default
     * one) and answers how many it raised. A failure is logged, not thrown: the switch still forwards, with the
     * smaller buffers.
     */
    public static int raise(String ovsRunDir) {
        Path pidFile = Path.of(ovsRunDir.isEmpty() ? DEFAULT_RUN_DIR : ovsRunDir, "ovs-vswitchd.pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return raise(pid, interfaceSockets(Path.of("/proc"), pid));
        } catch (IOException | RuntimeException e) { // never a reason to fail the port addition it follows
            if (WARNED.compareAndSet(false, true)) { // every port addition would say it again
                LOG.warn(
                        "cannot raise the switch's port receive buffers ({}): {}; its ports keep the kernel's default"
                                + " (net.core.rmem_default), and frames that arrive while the switch waits for the CPU"
                                + " may be dropped: raise net.core.rmem_default before Open vSwitch starts"
                                + " (docs/operations.md, \"The switch's receive buffers\")",
                        pidFile,
                        e.getMessage());
            } else {
                LOG.debug("cannot raise the switch's port receive buffers ({}): {}", pidFile, e.getMessage());
            }
            return 0;
        }
    }

    private static int raise(long pid, List<Integer> descriptors) {
        int pidfd = Libc.pidfdOpen(pid);
        Libc.check(pidfd, "pidfd_open of ovs-vswitchd " + pid);
        try (Arena arena = Arena.ofConfined()) {
            var size = arena.allocateFrom(ValueLayout.JAVA_INT, BYTES);
            int raised = 0;
            for (int descriptor : descriptors) {
                int copy = Libc.pidfdGetfd(pidfd, descriptor);
                if (copy < 0) {
                    continue; // closed meanwhile (a port removed); a refusal (EPERM) fails every one: see below
                }
                try {
                    Libc.check(Libc.setsockopt(copy, SOL_SOCKET, SO_RCVBUFFORCE, size, 4), "SO_RCVBUFFORCE");
                    raised++;
                } finally {
                    Libc.close(copy);
                }
            }
            if (raised == 0 && !descriptors.isEmpty()) {
                throw new IllegalStateException("pidfd_getfd refused every socket of ovs-vswitchd " + pid + " (errno "
                        + Libc.errno() + "; 1, EPERM: the module host may not ptrace the switch)");
            }
            return raised;
        } finally {
            Libc.close(pidfd);
        }
    }

    /**
     * The descriptors of process {@code pid} that are packet sockets bound to an interface (the switch's one sending
     * socket is bound to none), from {@code proc} (/proc): its net/packet lists the packet sockets of its network
     * namespace by inode, its fd directory links each descriptor to its socket's inode.
     */
    static List<Integer> interfaceSockets(Path proc, long pid) throws IOException {
        Path process = proc.resolve(Long.toString(pid));
        Set<String> bound = boundPacketSockets(Files.readAllLines(process.resolve("net/packet")));
        List<Integer> descriptors = new ArrayList<>();
        try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
            for (Path fd : fds.toList()) {
                if (bound.contains(linkTarget(fd))) {
                    descriptors.add(Integer.parseInt(fd.getFileName().toString()));
                }
            }
        }
        descriptors.sort(null);
        return descriptors;
    }

    /** "socket:[INODE]" of each packet socket in /proc/net/packet whose interface index is not 0. */
    static Set<String> boundPacketSockets(List<String> procNetPacket) {
        Set<String> sockets = new HashSet<>();
        for (String line : procNetPacket.subList(Math.min(1, procNetPacket.size()), procNetPacket.size())) {
            String[] columns = line.trim().split("\\s+"); // sk RefCnt Type Proto Iface R Rmem User Inode
            if (columns.length >= 9 && !columns[4].equals("0")) {
                sockets.add("socket:[" + columns[8] + "]");
            }
        }
        return sockets;
    }

    private static String linkTarget(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return ""; // closed since the listing
        }
    }
}
