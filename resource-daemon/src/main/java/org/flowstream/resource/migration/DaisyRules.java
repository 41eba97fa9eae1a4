package org.flowstream.resource.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.openflow.DaisyPaths;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.resource.ResourceSettings;
import org.flowstream.resource.gateway.GatewayException;
import org.flowstream.resource.gateway.SwitchGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch's part of a phased move's idle phase: the openflow daemon's set_daisy_paths, one straight path per PM
 * port from the old instance's switch port to the new one's, for the frames the old instance daisy-chains. Installed
 * before the idle phase and removed after the hand-over or an abort (or by a restart's recovery, from the journal).
 */
public final class DaisyRules {

    private static final Logger LOG = LoggerFactory.getLogger(DaisyRules.class);

    private final SwitchGateway switchGateway;
    private final ResourceSettings settings;

    public DaisyRules(SwitchGateway switchGateway, ResourceSettings settings) {
        this.switchGateway = switchGateway;
        this.settings = settings;
    }

    /** Port pK of {@code from} to port pK of {@code to}, for every port both have; returns once the switch has them. */
    public void install(int allocId, PlacedPm from, PlacedPm to) {
        Map<String, Integer> target = to.switchPorts();
        List<DaisyPaths.DaisyPath> paths = new ArrayList<>();
        new TreeMap<>(from.switchPorts()).forEach((port, number) -> {
            if (target.containsKey(port)) {
                paths.add(new DaisyPaths.DaisyPath(number, target.get(port)));
            }
        });
        if (paths.isEmpty()) {
            throw new GatewayException("PM %s has no switch ports to daisy-chain through".formatted(from.instance()));
        }
        set(allocId, paths);
    }

    /** Removes the allocation's daisy paths; a failure is logged (the rules only carry daisy-chained frames). */
    public void remove(int allocId) {
        try {
            set(allocId, List.of());
        } catch (RuntimeException e) {
            LOG.warn("allocation {}: cannot remove the move's daisy paths: {}", allocId, e.getMessage());
        }
    }

    private void set(int allocId, List<DaisyPaths.DaisyPath> paths) {
        DaisyPaths request = new DaisyPaths(settings.switchName, settings.tableId, allocId, paths);
        ReturnValue answer = switchGateway.relay("set_daisy_paths", Structs.toStruct(request));
        if (!answer.isSuccess()) {
            throw new GatewayException("the switch refuses the move's daisy paths: " + answer.message());
        }
    }
}
