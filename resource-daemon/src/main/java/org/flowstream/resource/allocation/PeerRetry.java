package org.flowstream.resource.allocation;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.flowstream.resource.gateway.PeerUnreachableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a step that met a peer that does not answer (a module host or the openflow daemon being restarted)
 * with growing pauses until a deadline, instead of failing the allocation at once. A peer that answers with a
 * refusal is not retried: that is a real answer. Nor is one that stops being worth waiting for (a module host
 * the registry has marked down: failover takes over then).
 */
public final class PeerRetry {

    private static final Logger LOG = LoggerFactory.getLogger(PeerRetry.class);
    private static final long FIRST_PAUSE_MILLIS = 200;
    private static final long LONGEST_PAUSE_MILLIS = 5_000;

    private final Duration deadline;

    public PeerRetry(Duration deadline) {
        this.deadline = deadline;
    }

    /** An attempt; {@code again} is true from the second one on (the first may have done its work unanswered). */
    public interface Attempt<T> {
        T run(boolean again);
    }

    public void run(String what, BooleanSupplier worthWaiting, Runnable step) {
        call(what, worthWaiting, again -> {
            step.run();
            return null;
        });
    }

    public <T> T call(String what, BooleanSupplier worthWaiting, Supplier<T> step) {
        return call(what, worthWaiting, again -> step.get());
    }

    public <T> T call(String what, BooleanSupplier worthWaiting, Attempt<T> step) {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        for (int attempt = 0; ; attempt++) {
            try {
                return step.run(attempt > 0);
            } catch (PeerUnreachableException e) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !worthWaiting.getAsBoolean()) {
                    throw attempt == 0
                            ? e
                            : new PeerUnreachableException(
                                    "%s (still so after %d attempts in %d s)"
                                            .formatted(
                                                    e.getMessage(),
                                                    attempt + 1,
                                                    Math.round((System.nanoTime() - start) / 1e9)),
                                    e);
                }
                LOG.info("{}: {}; trying again in {} ms", what, e.getMessage(), Math.min(pause, left));
                sleep(Math.min(pause, left));
                pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerUnreachableException("interrupted while waiting for a peer to answer", e);
        }
    }
}
