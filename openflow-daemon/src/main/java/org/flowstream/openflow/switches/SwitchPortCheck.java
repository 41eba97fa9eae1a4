package org.flowstream.openflow.switches;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.flowstream.openflow.channel.PortInfo;
import org.flowstream.openflow.channel.SwitchConnection;

/**
 * Checks an operator's request against the switches the daemon knows before anything is changed: the
 * switch must be connected or hold saved rules (a typo would otherwise park rules for a switch that never
 * comes), and while it is connected every named port must exist on it.
 */
public final class SwitchPortCheck {

    private SwitchPortCheck() {}

    /**
     * @param known switches holding saved rules (they are known while disconnected)
     * @param ports the request's ports by what they are for, e.g. "machine m1" → 3
     */
    public static void requireKnown(
            SwitchRegistry switches, Collection<String> known, String switchName, Map<String, Integer> ports) {
        if (switchName == null || switchName.isBlank()) {
            throw new IllegalArgumentException("switch name is missing");
        }
        Optional<SwitchConnection> sw = switches.get(switchName);
        if (sw.isEmpty()) {
            if (!known.contains(switchName)) {
                throw new IllegalArgumentException(
                        "unknown switch %s: it is not connected and has no saved rules (list_switches shows the known ones)"
                                .formatted(switchName));
            }
            return; // known but away: the ports are checked when it is connected
        }
        Map<Integer, PortInfo> present = sw.get().ports();
        if (present.isEmpty()) {
            return; // the switch did not describe its ports (yet)
        }
        ports.forEach((what, port) -> {
            if (!present.containsKey(port)) {
                throw new IllegalArgumentException("%s: port %d does not exist on switch %s (its ports: %s)"
                        .formatted(
                                what,
                                port,
                                switchName,
                                new TreeSet<>(present.keySet().stream()
                                        .filter(p -> p != PortInfo.LOCAL)
                                        .toList())));
            }
        });
    }
}
