package org.flowstream.modulehost.net;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs code with the calling thread moved into a named network namespace ({@code setns(2)} affects one thread
 * only), on a fresh thread that ends afterwards. Sockets opened there stay bound to that namespace, so a
 * benchmark can drive raw sockets in several namespaces from one JVM without spawning processes.
 */
public final class InNamespace {

    private static final int O_RDONLY = 0;
    private static final int CLONE_NEWNET = 0x40000000;

    static {
        Native.register(InNamespace.class, NativeLibrary.getInstance("c"));
    }

    private static native int open(String path, int flags);

    private static native int setns(int fd, int nstype);

    private static native int close(int fd);

    private InNamespace() {}

    public static <T> T call(String namespace, Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(() -> {
            int fd = open("/var/run/netns/" + namespace, O_RDONLY);
            if (fd < 0) {
                throw new IllegalStateException(
                        "no network namespace " + namespace + " (errno " + Native.getLastError() + ")");
            }
            try {
                if (setns(fd, CLONE_NEWNET) != 0) {
                    throw new IllegalStateException(
                            "cannot enter network namespace " + namespace + " (errno " + Native.getLastError() + ")");
                }
            } finally {
                close(fd);
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
