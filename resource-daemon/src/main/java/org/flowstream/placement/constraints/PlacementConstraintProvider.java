package org.flowstream.placement.constraints;

import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.max;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.sumLong;
import static ai.timefold.solver.core.api.score.stream.Joiners.equal;
import static ai.timefold.solver.core.api.score.stream.Joiners.filtering;

import ai.timefold.solver.core.api.function.TriFunction;
import ai.timefold.solver.core.api.function.TriPredicate;
import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.bi.BiConstraintStream;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.flowstream.placement.domain.DelayBound;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.PlacementObjective;
import org.flowstream.placement.domain.PlatformLink;
import org.flowstream.placement.domain.Route;
import org.flowstream.placement.domain.ServiceLink;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.domain.Units;

/**
 * Constraints (i)-(v) of §3.2.1 as hard penalties in the units of the paper's tables, and the soft
 * objective. Everything is incremental: a service link is joined to the PMs/sinks at its ends by key,
 * so moving one PM only re-routes the few links that touch it, and link loads are grouped per
 * platform link over those routes. The shared sub-streams use the same function instances so that
 * Timefold builds them once for all constraints (node sharing).
 */
public class PlacementConstraintProvider implements ConstraintProvider {
    public static final String CPU = "CPU capacity";
    public static final String MEMORY = "Memory capacity";
    public static final String INTERNAL_BANDWIDTH = "Intra-server bandwidth";
    public static final String LINK_BANDWIDTH = "Link bandwidth";
    public static final String DELAY = "Delay bound";
    public static final String SINK_ALLOWED = "Sink on an allowed IO node";
    /** A sink on a node it may not use is not a placement at all, so it outweighs any capacity excess. */
    public static final long SINK_NOT_ALLOWED_PENALTY = 1_000_000_000L;

    private static final Predicate<ServiceLink> IS_INGRESS = l -> l.kind() == ServiceLink.Kind.INGRESS;
    private static final Predicate<ServiceLink> IS_INTERNAL = l -> l.kind() == ServiceLink.Kind.INTERNAL;
    private static final Predicate<ServiceLink> IS_EGRESS = l -> l.kind() == ServiceLink.Kind.EGRESS;
    private static final Function<ServiceLink, Integer> FROM_KEY = ServiceLink::fromKey;
    private static final Function<ServiceLink, Integer> TO_KEY = ServiceLink::toKey;
    private static final BiFunction<ServiceLink, ModuleNode, Integer> TO_KEY_BI = (l, a) -> l.toKey();
    private static final Function<ModuleNode, Integer> PM_KEY = ModuleNode::key;
    private static final Function<SinkNode, Integer> SINK_KEY = SinkNode::key;
    private static final BiFunction<ServiceLink, ModuleNode, ServiceLink> LINK_OF_BI = (l, pm) -> l;
    private static final TriFunction<ServiceLink, ModuleNode, ModuleNode, ServiceLink> LINK_OF_INTERNAL =
            (l, a, b) -> l;
    private static final TriFunction<ServiceLink, ModuleNode, SinkNode, ServiceLink> LINK_OF_EGRESS = (l, a, b) -> l;
    private static final BiFunction<ServiceLink, PlatformLink, PlatformLink> LOAD_KEY = (l, link) -> link;
    private static final java.util.function.ToLongBiFunction<ServiceLink, PlatformLink> LOAD_TRAFFIC =
            (l, link) -> l.trafficBps();
    private static final BiFunction<ServiceLink, ModuleNode, Route> INGRESS_ROUTE = (l, pm) -> pm.getServer()
            .platform()
            .route(((org.flowstream.placement.domain.SourceNode) l.from()).ioNode(), pm.getServer());
    private static final TriFunction<ServiceLink, ModuleNode, ModuleNode, Route> INTERNAL_ROUTE =
            (l, a, b) -> a.getServer().platform().route(a.getServer(), b.getServer());
    private static final TriFunction<ServiceLink, ModuleNode, SinkNode, Route> EGRESS_ROUTE =
            (l, pm, sink) -> pm.getServer().platform().route(pm.getServer(), sink.getIoNode());
    private static final Function<Route, Iterable<PlatformLink>> ROUTE_LINKS = Route::linkList;
    private static final TriPredicate<ServiceLink, ModuleNode, ModuleNode> SAME_SERVER =
            (l, a, b) -> a.getServer() == b.getServer();

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
            cpuCapacity(factory),
            memoryCapacity(factory),
            internalBandwidth(factory),
            linkBandwidth(factory),
            delayBound(factory),
            sinkAllowed(factory),
            totalDelay(factory),
            maxBandwidthUsage(factory)
        };
    }

    /** (i) CPU used on a server, in hundredths of a core above its capacity. */
    Constraint cpuCapacity(ConstraintFactory factory) {
        return factory.forEach(ModuleNode.class)
                .groupBy(ModuleNode::getServer, sumLong(ModuleNode::cpuCenti))
                .filter((server, cpu) -> cpu > server.cpuCenti())
                .penalizeLong(HardSoftLongScore.ONE_HARD, (server, cpu) -> cpu - server.cpuCenti())
                .asConstraint(CPU);
    }

    /** (ii) Memory used on a server, in MB above its capacity. */
    Constraint memoryCapacity(ConstraintFactory factory) {
        return factory.forEach(ModuleNode.class)
                .groupBy(ModuleNode::getServer, sumLong(ModuleNode::memoryMb))
                .filter((server, mem) -> mem > server.memoryMb())
                .penalizeLong(HardSoftLongScore.ONE_HARD, (server, mem) -> mem - server.memoryMb())
                .asConstraint(MEMORY);
    }

    /** (iii) Traffic between PMs on one server, in Mbps above the server's internal bandwidth. */
    Constraint internalBandwidth(ConstraintFactory factory) {
        return internalLinks(factory)
                .filter(SAME_SERVER)
                .groupBy((l, a, b) -> a.getServer(), sumLong((l, a, b) -> l.trafficBps()))
                .filter((server, load) -> load > server.internalBps())
                .penalizeLong(
                        HardSoftLongScore.ONE_HARD, (server, load) -> Units.excessMbps(load - server.internalBps()))
                .asConstraint(INTERNAL_BANDWIDTH);
    }

    /** (iv) Traffic reserved on a platform link (one direction), in Mbps above its bandwidth. */
    Constraint linkBandwidth(ConstraintFactory factory) {
        return linkLoads(factory)
                .filter((link, load) -> load > link.capacityBps())
                .penalizeLong(HardSoftLongScore.ONE_HARD, (link, load) -> Units.excessMbps(load - link.capacityBps()))
                .asConstraint(LINK_BANDWIDTH);
    }

    /**
     * (v) Delay of a bounded source-to-sink path above its bound. Joined to the bound by service
     * (indexed) rather than flattened from the link's bound list: a flatten keeps its old output when
     * the flattened items are unchanged, which would keep a stale delay after a move.
     */
    Constraint delayBound(ConstraintFactory factory) {
        return routedLinks(factory)
                .filter((l, route) -> !l.delayBounds().isEmpty())
                .join(
                        DelayBound.class,
                        equal((l, route) -> l.serviceId(), DelayBound::serviceId),
                        filtering((l, route, bound) -> l.delayBounds().contains(bound)))
                .groupBy((l, route, bound) -> bound, sumLong((l, route, bound) -> route.delay()))
                .filter((bound, delay) -> delay > bound.bound())
                .penalizeLong(HardSoftLongScore.ONE_HARD, (bound, delay) -> delay - bound.bound())
                .asConstraint(DELAY);
    }

    /** A sink may only use the I/O nodes its service allows (§3.2.2: s(g) in V_i). */
    Constraint sinkAllowed(ConstraintFactory factory) {
        return factory.forEach(SinkNode.class)
                .filter(sink -> !sink.allows(sink.getIoNode()))
                .penalizeLong(HardSoftLongScore.ofHard(SINK_NOT_ALLOWED_PENALTY))
                .asConstraint(SINK_ALLOWED);
    }

    /** Soft: total approximate delay, the sum over all service links (§3.2.1). */
    Constraint totalDelay(ConstraintFactory factory) {
        return routedLinks(factory)
                .penalizeLong(HardSoftLongScore.ONE_SOFT, (l, route) -> route.delay())
                .asConstraint(PlacementObjective.TOTAL_DELAY_CONSTRAINT);
    }

    /** Soft: the highest fraction of bandwidth reserved on any platform link, in permille. */
    Constraint maxBandwidthUsage(ConstraintFactory factory) {
        return linkLoads(factory)
                .groupBy(max((PlatformLink link, Long load) -> load * 1000 / link.capacityBps()))
                .penalizeLong(HardSoftLongScore.ONE_SOFT, usage -> usage)
                .asConstraint(PlacementObjective.MAX_BANDWIDTH_USAGE_CONSTRAINT);
    }

    private static ai.timefold.solver.core.api.score.stream.tri.TriConstraintStream<ServiceLink, ModuleNode, ModuleNode>
            internalLinks(ConstraintFactory factory) {
        return factory.forEach(ServiceLink.class)
                .filter(IS_INTERNAL)
                .join(ModuleNode.class, equal(FROM_KEY, PM_KEY))
                .join(ModuleNode.class, equal(TO_KEY_BI, PM_KEY));
    }

    /** Every service link whose two ends are placed, with the route its traffic takes. */
    static BiConstraintStream<ServiceLink, Route> routedLinks(ConstraintFactory factory) {
        BiConstraintStream<ServiceLink, Route> ingress = factory.forEach(ServiceLink.class)
                .filter(IS_INGRESS)
                .join(ModuleNode.class, equal(TO_KEY, PM_KEY))
                .map(LINK_OF_BI, INGRESS_ROUTE);
        BiConstraintStream<ServiceLink, Route> internal = internalLinks(factory).map(LINK_OF_INTERNAL, INTERNAL_ROUTE);
        BiConstraintStream<ServiceLink, Route> egress = factory.forEach(ServiceLink.class)
                .filter(IS_EGRESS)
                .join(ModuleNode.class, equal(FROM_KEY, PM_KEY))
                .join(SinkNode.class, equal(TO_KEY_BI, SINK_KEY))
                .map(LINK_OF_EGRESS, EGRESS_ROUTE);
        return ingress.concat(internal).concat(egress);
    }

    /** Reserved traffic per platform link (one direction). */
    static BiConstraintStream<PlatformLink, Long> linkLoads(ConstraintFactory factory) {
        return routedLinks(factory).flattenLast(ROUTE_LINKS).groupBy(LOAD_KEY, sumLong(LOAD_TRAFFIC));
    }
}
