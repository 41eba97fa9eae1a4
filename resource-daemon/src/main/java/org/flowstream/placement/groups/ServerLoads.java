package org.flowstream.placement.groups;

import org.flowstream.placement.domain.Units;

/**
 * The running load of each server of a {@link OneRackShape} in the group model, and its violation in
 * the units of {@link org.flowstream.placement.feasibility.LoadLedger}: CPU above capacity in
 * hundredths of a core, memory in MB, internal bandwidth and each of the server's two links in Mbps
 * rounded up. A group's load is added or removed in five additions; the violation of a server with a
 * hypothetical change is computed without applying it.
 */
final class ServerLoads {
    private static final int RESOURCES = OneRackShape.Resource.values().length;

    private final long[] capacity;
    /** load[server * RESOURCES + resource]. */
    private final long[] load;

    private final long[] violation;
    private long total;

    ServerLoads(OneRackShape shape, int servers) {
        capacity = shape.capacity();
        load = new long[servers * RESOURCES];
        violation = new long[servers];
    }

    int servers() {
        return violation.length;
    }

    /** The total violation over all servers. */
    long total() {
        return total;
    }

    long violation(int server) {
        return violation[server];
    }

    long load(int server, OneRackShape.Resource r) {
        return load[server * RESOURCES + r.ordinal()];
    }

    /**
     * The violation per kind, as the ledger's report counts it: CPU, memory, and bandwidth (internal
     * bandwidth and both server links).
     */
    long[] violationByKind() {
        long[] out = new long[3];
        for (int server = 0; server < violation.length; server++) {
            int base = server * RESOURCES;
            for (int r = 0; r < RESOURCES; r++) {
                int kind = r <= OneRackShape.Resource.MEMORY.ordinal() ? r : 2; // CPU, memory, bandwidth
                out[kind] += excess(r, load[base + r]);
            }
        }
        return out;
    }

    /** Adds {@code sign} times {@code vector} (a load per resource) to {@code server}. */
    void add(int server, long[] vector, int sign) {
        int base = server * RESOURCES;
        for (int r = 0; r < RESOURCES; r++) load[base + r] += sign * vector[r];
        long now = violationWith(server, null, null);
        total += now - violation[server];
        violation[server] = now;
    }

    /** The violation of {@code server} if {@code plus} were added and {@code minus} taken off (either may be null). */
    long violationWith(int server, long[] plus, long[] minus) {
        int base = server * RESOURCES;
        long sum = 0;
        for (int r = 0; r < RESOURCES; r++) {
            long l = load[base + r];
            if (plus != null) l += plus[r];
            if (minus != null) l -= minus[r];
            sum += excess(r, l);
        }
        return sum;
    }

    /** What {@code load} of resource {@code r} exceeds its capacity by, in the ledger's unit for it. */
    private long excess(int r, long load) {
        long over = load - capacity[r];
        if (over <= 0) return 0;
        return r <= OneRackShape.Resource.MEMORY.ordinal() ? over : Units.excessMbps(over);
    }
}
