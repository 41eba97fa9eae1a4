package org.flowstream.contracts.records.resource;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.WireName;

/**
 * get_allocation's value: the row's fields, then where its PMs were placed, the PMs started so far with their
 * switch ports, whether its rules are installed, and the request as sent.
 *
 * @param placement      PM name to the module host chosen for it (empty until placed)
 * @param rulesInstalled whether the openflow daemon holds its connections
 */
@WireName("get_allocation's status")
public record AllocationStatus(
        int id,
        String tenant,
        String state,
        String reason,
        double cpuCores,
        long memoryMb,
        long createdMs,
        long updatedMs,
        Map<String, String> placement,
        List<PlacedPm> pms,
        boolean rulesInstalled,
        String request) {}
