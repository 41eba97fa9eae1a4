package org.flowstream.openflow.rules.driver;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The drivers of the switches connected now, found by name or datapath id. */
public interface SwitchDrivers {

    /** The driver of the connected switch with this name or datapath id; empty when it is not connected. */
    Optional<SwitchDriver> driver(String switchName);

    /** The names of the switches connected now. */
    Set<String> connected();

    /**
     * Calls {@code listener} with the switch's name each time a switch connects (or connects again), so its flow
     * table can be brought in line. Called on a network thread: do not block.
     */
    void whenConnected(Consumer<String> listener);
}
