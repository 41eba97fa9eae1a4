package org.flowstream.placement.feasibility;

/**
 * Violations per kind in the units of the paper's tables 3.2-3.6: cpu in hundredths of a core,
 * memory in MB, bandwidth in Mbps (platform links and intra-server bandwidth), delay in delay units.
 */
public record ViolationReport(long cpu, long memory, long bandwidth, long delay) {
    public long total() {
        return cpu + memory + bandwidth + delay;
    }

    public boolean feasible() {
        return total() == 0;
    }
}
