package org.flowstream.modulehost.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The module host's pipe to a PM: the PM's standard input, one word per line. The module host that started the PM
 * holds the other end; the PM waits on it where it would otherwise sleep (between two statistics reports), so a
 * line costs it no thread and no polling. End of file means that module host is gone (killed or restarted): a
 * later one cannot write to this pipe, so the PM does then at once what it would have waited to be asked for.
 *
 * <p>Used for the control channel, opened only when asked ({@code control}): listening on a Unix socket
 * initialises the JDK's Unix-domain support, whose first use seeds a {@code SecureRandom} through the security
 * providers, 2.4 MB of every idle PM's resident memory for a channel most PMs never use (docs/modulehost-daemon.md,
 * "Light PMs").
 */
final class HostPipe {

    /** The line that asks a PM to open its control channel. */
    static final String OPEN_CONTROL = "control";

    private static final short POLLIN = 1;

    private final InputStream in;
    private final MemorySegment pollFd;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private boolean ended;

    /** The PM's standard input (file descriptor 0). */
    HostPipe() {
        // Unbuffered: a buffer could hold a line that poll(), asking the kernel, would never see.
        this(new java.io.FileInputStream(java.io.FileDescriptor.in), 0);
    }

    HostPipe(InputStream in, int fd) {
        this.in = in;
        this.pollFd = Arena.ofAuto().allocate(8, 4); // struct pollfd {int fd; short events; short revents}
        pollFd.set(ValueLayout.JAVA_INT, 0, fd);
        pollFd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
    }

    /** Whether the module host's end is closed (it may have died); no line comes any more. */
    boolean ended() {
        return ended;
    }

    /**
     * Waits up to {@code millis} for the next whole line; empty when none came in time or the pipe ended (then
     * {@link #ended()}; an ended pipe waits like a sleep, so a caller's loop keeps its pace).
     */
    Optional<String> next(int millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            Optional<String> line = takeLine();
            if (line.isPresent()) {
                return line;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return Optional.empty();
            }
            if (ended) {
                Thread.sleep(left);
                return Optional.empty();
            }
            pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            if (Libc.poll(pollFd, 1, (int) left) > 0) {
                readAvailable(); // readable, or hung up: read() answers at once either way
            }
        }
    }

    private void readAvailable() {
        byte[] buffer = new byte[256];
        try {
            int n = in.read(buffer);
            if (n < 0) {
                ended = true;
            } else {
                partial.write(buffer, 0, n);
            }
        } catch (IOException e) {
            ended = true; // closed under us: as good as the end
        }
    }

    private Optional<String> takeLine() {
        byte[] bytes = partial.toByteArray();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                partial.reset();
                partial.write(bytes, i + 1, bytes.length - i - 1);
                return Optional.of(new String(bytes, 0, i, StandardCharsets.UTF_8).trim());
            }
        }
        return Optional.empty();
    }
}
