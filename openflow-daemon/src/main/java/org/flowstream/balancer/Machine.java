package org.flowstream.balancer;

/**
 * A machine behind the switch that processes a share of the traffic. Its capacity is
 * proportional to {@code power} (§2.2.5: computing power given as configuration).
 *
 * @param id    unique name, e.g. the module host's name
 * @param power relative processing power, &gt; 0
 * @param port  the switch port the machine hangs off (routers-on-a-stick, §2.2.6)
 */
public record Machine(String id, double power, int port) {
    public Machine {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("machine id must not be blank");
        if (!(power > 0) || Double.isInfinite(power)) {
            throw new IllegalArgumentException("machine " + id + ": power must be a positive number, got " + power);
        }
    }
}
