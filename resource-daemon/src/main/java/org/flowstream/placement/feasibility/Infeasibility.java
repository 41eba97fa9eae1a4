package org.flowstream.placement.feasibility;

/**
 * Why no placement can exist, in words: which constraint, where, and by how much.
 *
 * @param constraint cpu, memory, bandwidth or delay
 * @param where      the part of the platform or the service concerned
 * @param reason     the numbers that prove it
 */
public record Infeasibility(String constraint, String where, String reason) {
    public String message() {
        return constraint + " (" + where + "): " + reason;
    }
}
