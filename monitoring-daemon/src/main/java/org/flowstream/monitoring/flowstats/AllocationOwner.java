package org.flowstream.monitoring.flowstats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.common.rpc.DaemonUnreachableException;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.monitoring.sources.PeerClient;
import org.flowstream.monitoring.sources.Peers;

/**
 * Who owns an allocation and where its PMs run, from the resource daemon's get_allocation, called with the
 * monitoring daemon's operator credentials (it cannot act as the tenant). The caller's name is then compared
 * with the allocation's "tenant": account names are the same on every daemon of a platform.
 */
final class AllocationOwner {

    /** One started PM of an allocation: get_allocation's pms[] {pm, host, instance, switch_ports}. */
    record PlacedPm(String pm, String host, String instance, Map<String, Integer> switchPorts) {}

    record Allocation(int id, String tenant, String state, List<PlacedPm> pms) {}

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
    Optional<Allocation> find(int allocId) {
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
        // A failed allocation answers CODE_FAILURE with its view; an unknown one CODE_FAILURE without.
        if (!(answer.value() instanceof Map<?, ?> view) || !(view.get("tenant") instanceof String tenant)) {
            if (answer.isFailure() && answer.message().startsWith("no such allocation")) {
                return Optional.empty();
            }
            throw new LookupException("the resource daemon's get_allocation(%d) answered without an owner: %s"
                    .formatted(allocId, answer.message()));
        }
        return Optional.of(new Allocation(allocId, tenant, String.valueOf(view.get("state")), pms(view.get("pms"))));
    }

    private static List<PlacedPm> pms(Object value) {
        List<PlacedPm> pms = new ArrayList<>();
        Iterable<?> items = value instanceof Object[] a ? List.of(a) : value instanceof List<?> l ? l : List.of();
        for (Object item : items) {
            if (item instanceof Map<?, ?> pm) {
                Map<String, Integer> ports = new LinkedHashMap<>();
                if (pm.get("switch_ports") instanceof Map<?, ?> sp) {
                    sp.forEach((k, v) -> {
                        if (v instanceof Number n) {
                            ports.put(String.valueOf(k), n.intValue());
                        }
                    });
                }
                pms.add(new PlacedPm(str(pm.get("pm")), str(pm.get("host")), str(pm.get("instance")), ports));
            }
        }
        return pms;
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
