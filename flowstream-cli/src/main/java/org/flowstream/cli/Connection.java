package org.flowstream.cli;

import java.net.URI;
import org.flowstream.common.rpc.DaemonClient;
import picocli.CommandLine.Option;

/** How the client commands reach the resource daemon; defaults come from the environment "flowstream up" sets. */
final class Connection {

    @Option(names = "--url", description = "Resource daemon URL (default: $FLOWSTREAM_URL or http://127.0.0.1:7100/RPC2).")
    String url = envOr("FLOWSTREAM_URL", "http://127.0.0.1:7100/RPC2");

    @Option(names = "--user", description = "User name (default: $FLOWSTREAM_USER).")
    String user = envOr("FLOWSTREAM_USER", "");

    @Option(names = "--password", description = "Password (default: $FLOWSTREAM_PASSWORD).", arity = "0..1", interactive = true)
    String password = envOr("FLOWSTREAM_PASSWORD", "");

    DaemonClient client() {
        return new DaemonClient(URI.create(url), user, password, 30_000);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
