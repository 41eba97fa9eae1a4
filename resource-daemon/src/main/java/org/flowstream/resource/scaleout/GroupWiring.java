package org.flowstream.resource.scaleout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.match.Match;
import org.flowstream.contracts.match.MatchField;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.contracts.records.openflow.ConnectionWiring;
import org.flowstream.contracts.records.openflow.WiringHop;
import org.flowstream.contracts.records.openflow.WiringPath;
import org.flowstream.contracts.records.resource.PlacedPm;

/**
 * A group's traffic split on the switch (docs/migration.md, "Scale-out"): the allocation's wiring, as built for its
 * first instance, with every path that enters the group's PM straight from a FromNet cut into one path per unit,
 * its match narrowed to the unit ({@code nw_src} to the unit's inside prefix on the inside, {@code nw_dst} to its
 * external address on the return side) and sent through the ports of the instance that owns the unit. Paths that
 * do not enter the PM stay as they are. One create_connections with the result is the cutover of a unit's move.
 */
public final class GroupWiring {

    private GroupWiring() {}

    /**
     * @param wiring the allocation's wiring through {@code first}, the group's first instance
     * @param owners every unit of the group and the instance that serves it
     */
    public static ConnectionWiring split(ConnectionWiring wiring, PlacedPm first, Map<GroupUnit, PlacedPm> owners) {
        List<WiringPath> paths = new ArrayList<>();
        for (WiringPath path : wiring.paths()) {
            List<WiringHop> hops = path.pms() == null ? List.of() : path.pms();
            if (hops.isEmpty() || !first.pm().equals(hops.get(0).name())) {
                paths.add(path);
                continue;
            }
            Match match = Match.parse(path.match());
            String inIface = iface(first, hops.get(0).inPort());
            String outIface = iface(first, hops.get(0).outPort());
            owners.forEach((unit, owner) -> {
                List<WiringHop> through = new ArrayList<>(hops);
                through.set(0, new WiringHop(first.pm(), null, port(owner, inIface), port(owner, outIface)));
                paths.add(new WiringPath(
                        narrow(match, unit).toString(), path.fromPort(), path.toPort(), List.copyOf(through)));
            });
        }
        return new ConnectionWiring(wiring.allocId(), wiring.priority(), wiring.vlan(), paths);
    }

    /** The match of the unit's share of a path's traffic: the inside prefix, or the return traffic's address. */
    static Match narrow(Match match, GroupUnit unit) {
        Map<MatchField, Match.Value> fields = new java.util.EnumMap<>(MatchField.class);
        fields.putAll(match.fields());
        Match.Value src = fields.get(MatchField.NW_SRC);
        Match.Value dst = fields.get(MatchField.NW_DST);
        if (src != null && prefix(src).contains(unit.inside())) {
            fields.put(
                    MatchField.NW_SRC,
                    new Match.Value(
                            unit.inside().bits() & 0xffffffffL, unit.inside().mask() & 0xffffffffL));
        } else if (dst != null && prefix(dst).contains(unit.external())) {
            fields.put(MatchField.NW_DST, new Match.Value(unit.external().bits() & 0xffffffffL, 0xffffffffL));
        } else {
            throw new IllegalArgumentException(
                    "the traffic '%s' covers neither the inside prefix nor the external address of unit %s"
                            .formatted(match, unit));
        }
        return Match.of(fields);
    }

    private static Ipv4Prefix prefix(Match.Value value) {
        return Ipv4Prefix.of((int) value.value(), Ipv4Prefix.lengthOf((int) value.mask()));
    }

    private static String iface(PlacedPm instance, Long port) {
        return instance.switchPorts().entrySet().stream()
                .filter(e -> port != null && e.getValue().longValue() == port)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "PM %s has no interface on switch port %s".formatted(instance.instance(), port)));
    }

    private static long port(PlacedPm instance, String iface) {
        Integer port = instance.switchPorts().get(iface);
        if (port == null) {
            throw new IllegalStateException("PM %s has no switch port for %s".formatted(instance.instance(), iface));
        }
        return port;
    }
}
