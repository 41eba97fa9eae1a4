package org.flowstream.openflow.channel;

import org.projectfloodlight.openflow.protocol.OFPortStatus;

/** What the controller tells the rest of the daemon about switches. Called on Netty threads: do not block. */
public interface SwitchListener {

    /** The handshake finished: version, datapath id, name and ports are known. */
    void switchConnected(SwitchConnection connection);

    void switchDisconnected(SwitchConnection connection);

    default void portChanged(SwitchConnection connection, OFPortStatus status) {}
}
