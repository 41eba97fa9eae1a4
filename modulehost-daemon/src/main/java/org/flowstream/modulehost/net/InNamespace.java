package org.flowstream.modulehost.net;

import java.lang.foreign.Arena;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.flowstream.modulehost.runtime.Libc;

/**
 * Runs code with the calling thread moved into a named network namespace ({@code setns(2)} affects one thread
 * only), on a fresh thread that ends afterwards. Sockets opened there stay bound to that namespace, so a
 * benchmark can drive raw sockets in several namespaces from one JVM without spawning processes.
 */
public final class InNamespace {

    private static final int O_RDONLY = 0;
    private static final int CLONE_NEWNET = 0x40000000;

    private InNamespace() {}

    public static <T> T call(String namespace, Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(() -> {
            int fd;
            try (Arena arena = Arena.ofConfined()) {
                fd = Libc.open(arena.allocateFrom("/var/run/netns/" + namespace), O_RDONLY);
            }
            if (fd < 0) {
                throw new IllegalStateException("no network namespace " + namespace + " (errno " + Libc.errno() + ")");
            }
            try {
                if (Libc.setns(fd, CLONE_NEWNET) != 0) {
                    throw new IllegalStateException(
                            "cannot enter network namespace " + namespace + " (errno " + Libc.errno() + ")");
                }
            } finally {
                Libc.close(fd);
            }
            return work.call();
        });
        Thread thread = new Thread(task, "in-netns-" + namespace);
        thread.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
