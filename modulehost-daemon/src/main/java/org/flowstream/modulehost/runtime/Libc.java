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
 * The few C library calls a PM's packet I/O needs, through the JDK's Foreign Function &amp; Memory API (no JNA, no
 * native code of ours). Each call answers what the C function answers; {@link #errno()} is the calling thread's
 * errno right after its last failed call (captured by the linker, since the JVM itself may change errno).
 */
public final class Libc {

    public static final int EAGAIN = 11;
    public static final int EINTR = 4;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** Where the linker leaves errno, one per thread (reused: a call's state is read before the next call). */
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout ADDRESS = ValueLayout.ADDRESS;

    private static final MethodHandle SOCKET = function("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle BIND = function("bind", FunctionDescriptor.of(INT, INT, ADDRESS, INT));
    private static final MethodHandle SETSOCKOPT =
            function("setsockopt", FunctionDescriptor.of(INT, INT, INT, INT, ADDRESS, INT));
    private static final MethodHandle CLOSE = function("close", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle IF_NAMETOINDEX = function("if_nametoindex", FunctionDescriptor.of(INT, ADDRESS));
    private static final MethodHandle OPEN = function("open", FunctionDescriptor.of(INT, ADDRESS, INT));
    private static final MethodHandle SETNS = function("setns", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle MMAP =
            function("mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, LONG, INT, INT, INT, LONG));
    private static final MethodHandle MUNMAP = function("munmap", FunctionDescriptor.of(INT, ADDRESS, LONG));
    private static final MethodHandle POLL = function("poll", FunctionDescriptor.of(INT, ADDRESS, LONG, INT));
    private static final MethodHandle SEND = function("send", FunctionDescriptor.of(LONG, INT, ADDRESS, LONG, INT));
    private static final MethodHandle SENDMMSG =
            function("sendmmsg", FunctionDescriptor.of(INT, INT, ADDRESS, INT, INT));

    private Libc() {}

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LINKER.defaultLookup()
                .find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"));
    }

    private static MemorySegment state() {
        return STATE.get();
    }

    /** The calling thread's errno as its last failed call here left it. */
    public static int errno() {
        return (int) ERRNO.get(state(), 0L);
    }

    public static int socket(int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(state(), domain, type, protocol);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int bind(int fd, MemorySegment address, int length) {
        try {
            return (int) BIND.invokeExact(state(), fd, address, length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int setsockopt(int fd, int level, int option, MemorySegment value, int length) {
        try {
            return (int) SETSOCKOPT.invokeExact(state(), fd, level, option, value, length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(state(), fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int ifNameToIndex(MemorySegment name) {
        try {
            return (int) IF_NAMETOINDEX.invokeExact(state(), name);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int open(MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(state(), path, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int setns(int fd, int type) {
        try {
            return (int) SETNS.invokeExact(state(), fd, type);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** mmap; answers the mapping (of {@code length} bytes), or {@link MemorySegment#NULL} when it failed. */
    public static MemorySegment mmap(long length, int protection, int flags, int fd) {
        try {
            MemorySegment at =
                    (MemorySegment) MMAP.invokeExact(state(), MemorySegment.NULL, length, protection, flags, fd, 0L);
            return at.address() == -1L ? MemorySegment.NULL : at.reinterpret(length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int munmap(MemorySegment mapping) {
        try {
            return (int) MUNMAP.invokeExact(state(), mapping, mapping.byteSize());
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int poll(MemorySegment fds, long count, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(state(), fds, count, timeoutMillis);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static long send(int fd, MemorySegment buffer, long length, int flags) {
        try {
            return (long) SEND.invokeExact(state(), fd, buffer, length, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int sendmmsg(int fd, MemorySegment messages, int count, int flags) {
        try {
            return (int) SENDMMSG.invokeExact(state(), fd, messages, count, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static IllegalStateException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed: " + t.getMessage(), t);
    }
}
