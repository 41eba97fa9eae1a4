package org.flowstream.modulehost.state;

import java.util.function.LongSupplier;
import java.util.function.LongToIntFunction;

/**
 * The thread that expires a stateful element's idle flows: it calls the element's expiry with the current time
 * a few times per idle period (at most once a second, at least every 100 ms), until closed.
 */
public final class IdleExpiry implements AutoCloseable {

    private final Thread thread;

    private IdleExpiry(Thread thread) {
        this.thread = thread;
    }

    /** Starts expiring: {@code expire} gets the time on {@code clock} and answers how many flows it forgot. */
    public static IdleExpiry start(String name, long idleNanos, LongSupplier clock, LongToIntFunction expire) {
        long periodMillis = Math.max(100, Math.min(1000, idleNanos / 4_000_000));
        return new IdleExpiry(Thread.ofPlatform().daemon().name(name).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
                expire.applyAsInt(clock.getAsLong());
            }
        }));
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
