package org.flowstream.modulehost.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few kernel calls a PM's packet I/O needs, through the JDK's Foreign Function &amp; Memory API (no JNA, no
 * native code of ours). Each answers what the C library function of that name answers; {@link #errno()} is the
 * calling thread's errno right after its last failed call (captured by the linker, since the JVM itself may change
 * errno).
 *
 * <p>Why one downcall, libc's {@code syscall(number, ...)}, for all of them: every distinct native signature costs
 * the JVM a generated stub and dozens of method-handle classes, about 0.3 MB each in every PM; one signature keeps
 * an idle PM small. The system call numbers are those of x86-64 and AArch64 Linux.
 */
public final class Libc {

    public static final int EAGAIN = 11;
    public static final int EINTR = 4;
    /** The socket option level of AF_PACKET's own options. */
    public static final int SOL_PACKET = 263;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** Where the linker leaves errno, one per thread (reused: a call's state is read before the next call). */
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    /** {@code long syscall(long number, ...)} with six arguments (unused ones are ignored by the kernel). */
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(
            LINKER.defaultLookup()
                    .find("syscall")
                    .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no syscall()")),
            FunctionDescriptor.of(LONG, LONG, LONG, LONG, LONG, LONG, LONG, LONG),
            Linker.Option.firstVariadicArg(1),
            Linker.Option.captureCallState("errno"));

    private static final boolean ARM = System.getProperty("os.arch").equals("aarch64");
    private static final long SYS_CLOSE = ARM ? 57 : 3;
    private static final long SYS_MMAP = ARM ? 222 : 9;
    private static final long SYS_MUNMAP = ARM ? 215 : 11;
    private static final long SYS_IOCTL = ARM ? 29 : 16;
    private static final long SYS_SOCKET = ARM ? 198 : 41;
    private static final long SYS_SENDTO = ARM ? 206 : 44;
    private static final long SYS_BIND = ARM ? 200 : 49;
    private static final long SYS_SETSOCKOPT = ARM ? 208 : 54;
    private static final long SYS_OPENAT = ARM ? 56 : 257;
    private static final long SYS_PPOLL = ARM ? 73 : 271;
    private static final long SYS_SETNS = ARM ? 268 : 308;
    private static final long SYS_SENDMMSG = ARM ? 269 : 307;
    private static final long SYS_RECVMMSG = ARM ? 243 : 299;
    private static final long SYS_PIDFD_OPEN = 434; // the same on every architecture (Linux 5.3)
    private static final long SYS_PIDFD_GETFD = 438; // (Linux 5.6)
    private static final long AT_FDCWD = -100;
    private static final long SIOCGIFINDEX = 0x8933;

    private Libc() {}

    private static long syscall(long number, long a, long b, long c, long d, long e, long f) {
        try {
            return (long) SYSCALL.invokeExact(STATE.get(), number, a, b, c, d, e, f);
        } catch (RuntimeException | Error t) {
            throw t;
        } catch (Throwable t) {
            throw new IllegalStateException("system call " + number + " failed: " + t.getMessage(), t);
        }
    }

    /** Throws, naming the call and errno, when a call answered failure (a negative number). */
    public static void check(long result, String what) {
        if (result < 0) {
            throw new IllegalStateException("%s failed (errno %d)".formatted(what, errno()));
        }
    }

    /** The calling thread's errno as its last failed call here left it. */
    public static int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }

    public static int socket(int domain, int type, int protocol) {
        return (int) syscall(SYS_SOCKET, domain, type, protocol, 0, 0, 0);
    }

    public static int bind(int fd, MemorySegment address, int length) {
        return (int) syscall(SYS_BIND, fd, address.address(), length, 0, 0, 0);
    }

    public static int setsockopt(int fd, int level, int option, MemorySegment value, int length) {
        return (int) syscall(SYS_SETSOCKOPT, fd, level, option, value.address(), length, 0);
    }

    public static int close(int fd) {
        return (int) syscall(SYS_CLOSE, fd, 0, 0, 0, 0, 0);
    }

    /** The index of the interface of that name in the socket's network namespace, or 0 when there is none. */
    public static int ifNameToIndex(int socket, String name) {
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > 15) { // IFNAMSIZ - 1: no interface has a longer name
            return 0;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment request = arena.allocate(40); // struct ifreq: ifr_name[16], then ifr_ifindex
            MemorySegment.copy(bytes, 0, request, ValueLayout.JAVA_BYTE, 0, bytes.length);
            return syscall(SYS_IOCTL, socket, SIOCGIFINDEX, request.address(), 0, 0, 0) < 0
                    ? 0
                    : request.get(ValueLayout.JAVA_INT, 16);
        }
    }

    public static int open(MemorySegment path, int flags) {
        return (int) syscall(SYS_OPENAT, AT_FDCWD, path.address(), flags, 0, 0, 0);
    }

    public static int setns(int fd, int type) {
        return (int) syscall(SYS_SETNS, fd, type, 0, 0, 0, 0);
    }

    /** A shared mapping of {@code length} bytes of {@code fd}, or {@link MemorySegment#NULL} when it failed. */
    public static MemorySegment mmap(long length, int protection, int flags, int fd) {
        long at = syscall(SYS_MMAP, 0, length, protection, flags, fd, 0);
        return at < 0 && at > -4096
                ? MemorySegment.NULL
                : MemorySegment.ofAddress(at).reinterpret(length);
    }

    public static int munmap(MemorySegment mapping) {
        return (int) syscall(SYS_MUNMAP, mapping.address(), mapping.byteSize(), 0, 0, 0, 0);
    }

    /** poll(2), through ppoll with a timeout in a timespec. */
    public static int poll(MemorySegment fds, long count, int timeoutMillis) {
        MemorySegment timeout = TIMEOUT.get();
        timeout.set(LONG, 0, timeoutMillis / 1000);
        timeout.set(LONG, 8, (timeoutMillis % 1000) * 1_000_000L);
        return (int) syscall(SYS_PPOLL, fds.address(), count, timeout.address(), 0, 8, 0);
    }

    private static final ThreadLocal<MemorySegment> TIMEOUT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

    public static long send(int fd, MemorySegment buffer, long length, int flags) {
        return syscall(SYS_SENDTO, fd, buffer.address(), length, flags, 0, 0);
    }

    /** recvmmsg without a timeout (the socket's SO_RCVTIMEO bounds the wait). */
    public static int recvmmsg(int fd, MemorySegment messages, int count, int flags) {
        return (int) syscall(SYS_RECVMMSG, fd, messages.address(), count, flags, 0, 0);
    }

    public static int sendmmsg(int fd, MemorySegment messages, int count, int flags) {
        return (int) syscall(SYS_SENDMMSG, fd, messages.address(), count, flags, 0, 0);
    }

    /** A descriptor that refers to process {@code pid} (for {@link #pidfdGetfd}), or -1 (see {@link #errno()}). */
    public static int pidfdOpen(long pid) {
        return (int) syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0, 0, 0);
    }

    /**
     * A duplicate, in this process, of descriptor {@code fd} of the process {@code pidfd} refers to, or -1 (needs the
     * right to ptrace that process).
     */
    public static int pidfdGetfd(int pidfd, int fd) {
        return (int) syscall(SYS_PIDFD_GETFD, pidfd, fd, 0, 0, 0, 0);
    }
}
