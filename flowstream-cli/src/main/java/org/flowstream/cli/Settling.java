package org.flowstream.cli;

import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.resource.AllocationStatus;

/** Waits, as a client does, until an allocation is no longer being installed or deleted. */
public final class Settling {

    private Settling() {}

    static ReturnValue await(DaemonClient client, int id, int timeoutSeconds) {
        return await(client, id, timeoutSeconds, 200);
    }

    /** The same, polling get_allocation every {@code pollMillis} (bench activate: 20, to time it closely). */
    public static ReturnValue await(DaemonClient client, int id, int timeoutSeconds, int pollMillis) {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        ReturnValue status;
        do {
            status = client.call("get_allocation", id);
            if (!status.isNotReady()) {
                return status;
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return status;
            }
        } while (System.nanoTime() < deadline);
        String state = status.value() == null
                ? "?"
                : Structs.fromStruct(status.value(), AllocationStatus.class).state();
        return ReturnValue.failure("allocation %d is still %s after %d s; check: bin/flowstream status %d"
                .formatted(id, state, timeoutSeconds, id));
    }
}
