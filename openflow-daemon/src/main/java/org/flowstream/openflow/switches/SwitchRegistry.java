package org.flowstream.openflow.switches;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flowstream.openflow.channel.SwitchConnection;
import org.flowstream.openflow.channel.SwitchListener;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switches connected now, by name (the bridge name) and datapath id, and who wants to hear when one
 * comes or goes. A switch that connects again replaces its old connection; the old one's disconnect is then
 * not reported.
 */
public final class SwitchRegistry implements SwitchListener {

    private static final Logger LOG = LoggerFactory.getLogger(SwitchRegistry.class);

    private final Map<String, SwitchConnection> byName = new ConcurrentHashMap<>();
    private final List<SwitchListener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(SwitchListener listener) {
        listeners.add(listener);
    }

    /** The connected switch with this name or datapath id. */
    public Optional<SwitchConnection> get(String nameOrDpid) {
        SwitchConnection c = byName.get(nameOrDpid);
        if (c == null) {
            c = byName.values().stream()
                    .filter(s -> s.dpid().toString().equalsIgnoreCase(nameOrDpid))
                    .findFirst()
                    .orElse(null);
        }
        return Optional.ofNullable(c).filter(SwitchConnection::isConnected);
    }

    public List<SwitchConnection> connected() {
        List<SwitchConnection> list = new ArrayList<>(byName.values());
        list.removeIf(c -> !c.isConnected());
        list.sort(Comparator.comparing(SwitchConnection::name));
        return list;
    }

    @Override
    public void switchConnected(SwitchConnection connection) {
        SwitchConnection old = byName.put(connection.name(), connection);
        if (old != null && old != connection && old.isConnected()) {
            // Both stay open (closing one would make its side reconnect and fight); the newest carries requests.
            LOG.info(
                    "switch {} has a second connection ({}); using the newer one",
                    connection.name(),
                    connection.remoteAddress());
        }
        listeners.forEach(l -> l.switchConnected(connection));
    }

    @Override
    public void switchDisconnected(SwitchConnection connection) {
        if (byName.remove(connection.name(), connection)) {
            listeners.forEach(l -> l.switchDisconnected(connection));
        }
    }

    @Override
    public void portChanged(SwitchConnection connection, OFPortStatus status) {
        LOG.info("switch {}: port {} {}", connection.name(), status.getDesc().getName(), status.getReason());
        listeners.forEach(l -> l.portChanged(connection, status));
    }
}
