package org.flowstream.monitoring.flowstats;

import java.util.Optional;
import org.flowstream.common.rpc.DaemonUnreachableException;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.WireFormatException;
import org.flowstream.contracts.records.resource.AllocationStatus;
import org.flowstream.monitoring.sources.PeerClient;
import org.flowstream.monitoring.sources.Peers;

/**
 * Who owns an allocation and where its PMs run, from the resource daemon's get_allocation, called with the
 * monitoring daemon's operator credentials (it cannot act as the tenant). The caller's name is then compared
 * with the allocation's "tenant": account names are the same on every daemon of a platform.
 */
final class AllocationOwner {

    /** Lookup problems that are not "no such allocation". */
    static final class LookupException extends RuntimeException {
        LookupException(String message) {
            super(message);
        }
    }

    private final Peers peers;

    AllocationOwner(Peers peers) {
        this.peers = peers;
    }

    /** The allocation, or empty when the resource daemon knows no allocation of that id. */
    Optional<AllocationStatus> find(int allocId) {
        PeerClient resource = peers.resource()
                .orElseThrow(() -> new LookupException(
                        "the monitoring daemon has no \"resource\" peer configured, so it cannot tell whose allocation %d is"
                                .formatted(allocId)));
        ReturnValue answer;
        try {
            answer = resource.call("get_allocation", allocId);
        } catch (DaemonUnreachableException e) {
            throw new LookupException("cannot check who owns allocation %d: %s; retry when the resource daemon is back"
                    .formatted(allocId, e.getMessage()));
        }
        // A failed allocation answers CODE_FAILURE with its status; an unknown one CODE_FAILURE without.
        if (answer.value() == null) {
            if (answer.isFailure() && answer.message().startsWith("no such allocation")) {
                return Optional.empty();
            }
            throw new LookupException("the resource daemon's get_allocation(%d) answered without an owner: %s"
                    .formatted(allocId, answer.message()));
        }
        try {
            return Optional.of(Structs.fromStruct(answer.value(), AllocationStatus.class));
        } catch (WireFormatException e) {
            throw new LookupException("cannot tell who owns allocation %d: %s".formatted(allocId, e.getMessage()));
        }
    }
}
