package org.flowstream.resource.migration;

import org.flowstream.contracts.move.Rewire;
import org.flowstream.contracts.records.openflow.ConnectionWiring;
import org.flowstream.resource.ResourceSettings;
import org.flowstream.resource.gateway.SwitchGateway;

/**
 * The switch's part of a move: send the moved PM's traffic to the new instance, or back. Both return once the
 * openflow daemon has the rules on the switch (confirmed by a barrier).
 */
public interface SwitchCutover extends Rewire {

    @Override
    void toNew();

    /**
     * An allocation's cutover from one wiring to another, each sent whole in one create_connections; a failure to
     * set the switch back is logged (the allocation's next re-assert sends its wiring again).
     */
    static SwitchCutover between(
            SwitchGateway switchGateway, ResourceSettings settings, ConnectionWiring before, ConnectionWiring after) {
        return new SwitchCutover() {
            @Override
            public void toNew() {
                switchGateway.createConnections(settings.switchName, settings.tableId, after);
            }

            @Override
            public void back() {
                try {
                    switchGateway.createConnections(settings.switchName, settings.tableId, before);
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(SwitchCutover.class)
                            .warn(
                                    "allocation {}: aborted move: cannot set the switch back: {}",
                                    before.allocId(),
                                    e.getMessage());
                }
            }
        };
    }
}
