package org.flowstream.placement.generator;

import java.util.List;

/**
 * One row of Table 3.1 plus a shape for it (Figure 3.2 is not in the text, so the shapes are ours;
 * docs/placement.md draws them). Node names starting with "in" are sources, "out" sinks, the rest PMs.
 *
 * @param cpuChoices CPU needs a PM draws from, in hundredths of a core
 * @param links      the DAG's links, each carrying a share of the service's traffic rate
 * @param boundedPath the source-to-sink path that carries the instance's delay bound
 */
public record ServiceTemplate(
        String name,
        int ioCount,
        List<String> pmNames,
        List<Integer> cpuChoices,
        int memoryMinMb,
        int memoryMaxMb,
        int ppsMin,
        int ppsMax,
        List<String> sources,
        List<String> sinks,
        List<Flow> links,
        List<String> boundedPath) {

    /** A link of the shape: it carries {@code share} times the service's traffic rate. */
    public record Flow(String from, String to, double share) {}

    private static Flow f(String from, String to, double share) {
        return new Flow(from, to, share);
    }

    /** Classifier splits traffic by protocol over three detectors whose output merges again. */
    public static final ServiceTemplate INTRUSION_DETECTION = new ServiceTemplate(
            "intrusion detection",
            2,
            List.of("classifier", "ids-http", "ids-dns", "ids-generic", "alert-merger"),
            List.of(50, 200),
            100,
            1024,
            38_800,
            100_000,
            List.of("in"),
            List.of("out"),
            List.of(
                    f("in", "classifier", 1.0),
                    f("classifier", "ids-http", 0.5),
                    f("classifier", "ids-dns", 0.2),
                    f("classifier", "ids-generic", 0.3),
                    f("ids-http", "alert-merger", 0.5),
                    f("ids-dns", "alert-merger", 0.2),
                    f("ids-generic", "alert-merger", 0.3),
                    f("alert-merger", "out", 1.0)),
            List.of("in", "classifier", "ids-http", "alert-merger", "out"));

    /** Two entry points behind firewalls, a balancer over three back ends (one exit each), a sampling monitor. */
    public static final ServiceTemplate LOAD_BALANCING = new ServiceTemplate(
            "load balancing",
            5,
            List.of("firewall-a", "firewall-b", "balancer", "backend-1", "backend-2", "backend-3", "monitor"),
            List.of(70, 100, 150),
            100,
            200,
            25_000,
            100_000,
            List.of("in-a", "in-b"),
            List.of("out-1", "out-2", "out-3"),
            List.of(
                    f("in-a", "firewall-a", 0.5),
                    f("in-b", "firewall-b", 0.5),
                    f("firewall-a", "balancer", 0.5),
                    f("firewall-b", "balancer", 0.5),
                    f("balancer", "backend-1", 1.0 / 3),
                    f("balancer", "backend-2", 1.0 / 3),
                    f("balancer", "backend-3", 1.0 / 3),
                    f("balancer", "monitor", 0.1),
                    f("backend-1", "out-1", 1.0 / 3),
                    f("backend-2", "out-2", 1.0 / 3),
                    f("backend-3", "out-3", 1.0 / 3)),
            List.of("in-a", "firewall-a", "balancer", "backend-1", "out-1"));

    /** A chain: authenticate, apply policy, translate addresses. */
    public static final ServiceTemplate NETWORK_ACCESS_CONTROL = new ServiceTemplate(
            "network access control",
            2,
            List.of("authenticator", "policy", "nat"),
            List.of(50, 100),
            100,
            200,
            96_000,
            100_000,
            List.of("in"),
            List.of("out"),
            List.of(
                    f("in", "authenticator", 1.0),
                    f("authenticator", "policy", 1.0),
                    f("policy", "nat", 1.0),
                    f("nat", "out", 1.0)),
            List.of("in", "authenticator", "policy", "nat", "out"));

    /** Decapsulate, route; half leaves as is, half is re-encapsulated towards a second exit. */
    public static final ServiceTemplate TUNNELLING = new ServiceTemplate(
            "tunnelling",
            3,
            List.of("decapsulator", "router", "encapsulator"),
            List.of(150, 250),
            200,
            1024,
            50_000,
            100_000,
            List.of("in"),
            List.of("out-plain", "out-tunnel"),
            List.of(
                    f("in", "decapsulator", 1.0),
                    f("decapsulator", "router", 1.0),
                    f("router", "out-plain", 0.5),
                    f("router", "encapsulator", 0.5),
                    f("encapsulator", "out-tunnel", 0.5)),
            List.of("in", "decapsulator", "router", "encapsulator", "out-tunnel"));

    /** The four samples of Table 3.1, in the order instances cycle through them. */
    public static final List<ServiceTemplate> TABLE_3_1 =
            List.of(INTRUSION_DETECTION, LOAD_BALANCING, NETWORK_ACCESS_CONTROL, TUNNELLING);
}
