package org.flowstream.openflow.rules.openflow;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.flowstream.openflow.channel.SwitchConnection;
import org.flowstream.openflow.channel.SwitchListener;
import org.flowstream.openflow.rules.driver.SwitchDriver;
import org.flowstream.openflow.rules.driver.SwitchDrivers;
import org.flowstream.openflow.switches.SwitchRegistry;

/** A driver for each switch connected to this controller over OpenFlow, from the daemon's switch registry. */
public final class OpenflowSwitchDrivers implements SwitchDrivers {

    private final SwitchRegistry switches;
    private final Duration timeout;

    /** @param timeout how long a switch may take to confirm a change or send its flow table */
    public OpenflowSwitchDrivers(SwitchRegistry switches, Duration timeout) {
        this.switches = switches;
        this.timeout = timeout;
    }

    @Override
    public Optional<SwitchDriver> driver(String switchName) {
        return switches.get(switchName).map(sw -> new OpenflowSwitchDriver(sw, timeout));
    }

    @Override
    public Set<String> connected() {
        Set<String> names = new TreeSet<>();
        switches.connected().forEach(sw -> names.add(sw.name()));
        return names;
    }

    @Override
    public void whenConnected(Consumer<String> listener) {
        switches.addListener(new SwitchListener() {
            @Override
            public void switchConnected(SwitchConnection connection) {
                listener.accept(connection.name());
            }

            @Override
            public void switchDisconnected(SwitchConnection connection) {}
        });
    }
}
