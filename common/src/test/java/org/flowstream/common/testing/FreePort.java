package org.flowstream.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A TCP port on loopback that nothing listens on now, for a daemon a test must stop and start again at one address. */
public final class FreePort {

    private FreePort() {}

    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on this machine: " + e.getMessage(), e);
        }
    }
}
