package org.flowstream.balancer;

/**
 * A machine behind the switch that processes a share of the traffic (in the platform: a module host). Its
 * fair share is proportional to {@code capacity} (§2.2.5: computing power given as configuration).
 *
 * @param name     unique name, e.g. the module host's name
 * @param capacity relative processing power, &gt; 0
 * @param port     the switch port the machine hangs off (routers-on-a-stick, §2.2.6)
 */
public record Machine(String name, double capacity, int port) {
    public Machine {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("machine name must not be blank");
        if (!(capacity > 0) || Double.isInfinite(capacity)) {
            throw new IllegalArgumentException(
                    "machine " + name + ": capacity must be a positive number, got " + capacity);
        }
    }
}
