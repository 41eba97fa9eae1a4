package org.flowstream.cli;

import java.util.concurrent.TimeUnit;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.resource.AllocationStatus;

/**
 * Waits, as a client does, until an allocation is no longer being installed or deleted: with await_allocation, which
 * the resource daemon answers the moment the allocation settles, so the wait costs one call per 30 s, not a poll.
 */
public final class Settling {

    /** The longest single await_allocation call; the daemon allows 60 s. */
    private static final int CALL_SECONDS = 30;
    /** The pause after an answer that came back at once unsettled (the daemon had its most waiting callers). */
    private static final long BUSY_PAUSE_MILLIS = 100;

    private Settling() {}

    public static ReturnValue await(DaemonClient client, int id, int timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        ReturnValue status;
        do {
            long left = TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime());
            int wait = (int) Math.max(0, Math.min(CALL_SECONDS, left));
            long start = System.nanoTime();
            status = client.call("await_allocation", id, wait);
            if (!status.isNotReady()) {
                return status;
            }
            if (wait == 0 || System.nanoTime() - start < TimeUnit.SECONDS.toNanos(wait) / 2) {
                try {
                    Thread.sleep(BUSY_PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return status;
                }
            }
        } while (System.nanoTime() < deadline);
        String state = status.value() == null
                ? "?"
                : Structs.fromStruct(status.value(), AllocationStatus.class).state();
        return ReturnValue.failure("allocation %d is still %s after %d s; check: bin/flowstream status %d"
                .formatted(id, state, timeoutSeconds, id));
    }
}
