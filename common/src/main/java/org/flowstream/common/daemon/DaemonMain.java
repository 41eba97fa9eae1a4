package org.flowstream.common.daemon;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Map;
import org.flowstream.common.config.ConfigLoader;
import org.flowstream.common.config.DaemonConfig;

/**
 * Runs one daemon as a process: {@code java ... DaemonMain <daemon class> <config file>}. The command line's
 * "flowstream daemon NAME" ends here too; tests use it directly to run a daemon they can kill -9.
 */
public final class DaemonMain {

    private DaemonMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: DaemonMain <daemon class> <config file>");
            System.exit(2);
        }
        instantiate(args[0], ConfigLoader.load(Path.of(args[1]), Map.of())).runUntilTerminated();
    }

    /** Creates a daemon from its class name; every daemon class has a public constructor taking its config. */
    public static Daemon instantiate(String className, DaemonConfig config) throws ReflectiveOperationException {
        try {
            return (Daemon)
                    Class.forName(className).getConstructor(DaemonConfig.class).newInstance(config);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime; // a bad configuration explains itself
            }
            throw e;
        }
    }
}
