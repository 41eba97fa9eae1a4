package org.flowstream.resource.scaleout;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.contracts.element.BuiltInSignatures;
import org.flowstream.contracts.element.ElementConfiguration;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.match.Match;
import org.flowstream.contracts.match.MatchField;
import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.lang.model.Connection;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.model.ProcessingModule;
import org.flowstream.lang.model.Source;

/**
 * The units of a NAT group (docs/migration.md, "Scale-out"): its inside traffic, the {@code nw_src} prefix of the
 * FromNet wired to the NAT's input 0, cut into the /n prefixes of its {@code PAIR_PREFIX n}, each with the pool
 * address that prefix pairs with. There must be exactly one /n per pool address, so that a unit's return traffic
 * is one external address; anything else is refused in words, naming the PAIR_PREFIX that would fit.
 */
public final class NatUnits {

    private static final ElementSignature NAT = BuiltInSignatures.all().stream()
            .filter(s -> s.className().equals("IPRewriter"))
            .findFirst()
            .orElseThrow();

    private NatUnits() {}

    public static List<GroupUnit> of(NetworkService service, ProcessingModule nat) {
        if (!nat.className().equals(NAT.className())) {
            throw new IllegalArgumentException(
                    "%s is a %s: only an IPRewriter (a NAT, whose traffic splits by inside prefix) can run as a group today"
                            .formatted(nat.name(), nat.className()));
        }
        ElementConfiguration config = ElementConfiguration.read(NAT.className(), NAT.keywords(), nat.configArgs());
        Ipv4Prefix pool = config.prefix("EXTERNAL");
        Ipv4Prefix inside = insideTraffic(service, nat);
        int poolBits = Integer.numberOfTrailingZeros((int) pool.size());
        int fitting = inside.length() + poolBits;
        if (!config.has("PAIR_PREFIX") || config.integer("PAIR_PREFIX") != fitting) {
            throw new IllegalArgumentException(("NAT %s cannot run as a group: its inside traffic %s and its pool %s "
                            + "of %d address(es) split into units with PAIR_PREFIX %d (one inside /%d per external "
                            + "address), and it has %s")
                    .formatted(
                            nat.name(),
                            inside,
                            pool,
                            pool.size(),
                            fitting,
                            fitting,
                            config.has("PAIR_PREFIX") ? "PAIR_PREFIX " + config.integer("PAIR_PREFIX") : "none"));
        }
        List<GroupUnit> units = new ArrayList<>();
        long blockSize = 1L << (32 - fitting);
        for (long i = 0; i < pool.size(); i++) {
            int block = (int) (inside.start() + i * blockSize);
            long number = (block & 0xffffffffL) >>> (32 - fitting);
            int external = pool.bits() + (int) (number % pool.size());
            units.add(new GroupUnit(Ipv4Prefix.of(block, fitting), Ipv4Address.of(external)));
        }
        return List.copyOf(units);
    }

    /** The nw_src prefix of the FromNet wired straight to the NAT's input 0. */
    private static Ipv4Prefix insideTraffic(NetworkService service, ProcessingModule nat) {
        for (Connection c : service.connections()) {
            if (c.to().equals(nat.name()) && c.toPort() == 0) {
                Source source = service.source(c.from()).orElse(null);
                Match.Value nwSrc = source == null
                        ? null
                        : source.match().get(MatchField.NW_SRC).orElse(null);
                if (nwSrc != null) {
                    return Ipv4Prefix.of((int) nwSrc.value(), Ipv4Prefix.lengthOf((int) nwSrc.mask()));
                }
            }
        }
        throw new IllegalArgumentException(("NAT %s cannot run as a group: its input 0 must come straight from a "
                        + "FromNet whose match names the inside traffic's nw_src prefix")
                .formatted(nat.name()));
    }
}
