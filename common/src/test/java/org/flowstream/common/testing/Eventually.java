package org.flowstream.common.testing;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting in tests for what a daemon does in its own time: the probe is asked every 50 ms until its answer
 * satisfies the condition. The bound (a minute) is only there so that a broken daemon fails the test, saying
 * what it waited for and what it last saw, instead of hanging it.
 */
public final class Eventually {

    private static final int TRIES = 1200;
    private static final long PAUSE_MILLIS = 50;

    private Eventually() {}

    /** The probe's first answer (not null) that satisfies {@code done}. */
    public static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        T last = null;
        for (int i = 0; i < TRIES; i++) {
            last = probe.get();
            if (last != null && done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
    }
}
