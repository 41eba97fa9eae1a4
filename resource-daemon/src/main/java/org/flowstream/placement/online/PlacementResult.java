package org.flowstream.placement.online;

import java.util.List;
import java.util.Map;
import org.flowstream.placement.feasibility.Infeasibility;

/**
 * What the online placer decided for one service.
 *
 * @param placed      true when every PM has a server and every sink an I/O node with no violation
 * @param pmServers   PM name to server name
 * @param sinkIoNodes sink name to I/O node name
 * @param moved       other services' PMs that were moved to make room ("service/pm" to new server); empty unless moves were allowed
 * @param reason      why it could not be placed (null when placed)
 * @param details     the violations a best-effort placement would cause, worst first (empty when placed)
 */
public record PlacementResult(
        String serviceId,
        boolean placed,
        Map<String, String> pmServers,
        Map<String, String> sinkIoNodes,
        Map<String, String> moved,
        Infeasibility reason,
        List<String> details) {

    static PlacementResult rejected(String serviceId, Infeasibility reason, List<String> details) {
        return new PlacementResult(serviceId, false, Map.of(), Map.of(), Map.of(), reason, List.copyOf(details));
    }
}
