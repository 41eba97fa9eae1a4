package org.flowstream.openflow.channel;

/**
 * The pipeline event {@link HandshakeHandler} fires from the head of the pipeline once the switch is known:
 * the keep-alive starts probing and {@link SwitchDispatchHandler} hands the connection to the daemon.
 */
record HandshakeDone(SwitchConnection connection) {}
