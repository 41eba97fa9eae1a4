package org.flowstream.cli;

import java.net.URI;
import org.flowstream.common.rpc.DaemonClient;
import picocli.CommandLine.Option;

/**
 * How the client commands reach the resource daemon; defaults come from the environment "flowstream up" sets:
 * the tenant's account, or the operator's for operator commands ({@link OperatorLogin}).
 */
class ResourceDaemonLogin {

    @Option(
            names = "--url",
            description = "Resource daemon URL (default: $FLOWSTREAM_URL or http://127.0.0.1:7100/RPC2).")
    String url = envOr("FLOWSTREAM_URL", "http://127.0.0.1:7100/RPC2");

    @Option(
            names = "--user",
            description = "User name (default: $FLOWSTREAM_USER; $FLOWSTREAM_OPERATOR for operator commands).")
    String user;

    @Option(
            names = "--password",
            description =
                    "Password (default: $FLOWSTREAM_PASSWORD; $FLOWSTREAM_OPERATOR_PASSWORD for operator commands).",
            arity = "0..1",
            interactive = true)
    String password;

    ResourceDaemonLogin() {
        this("FLOWSTREAM_USER", "FLOWSTREAM_PASSWORD");
    }

    /** @param userVariable and passwordVariable the environment (or credentials.env) entries the account comes from */
    ResourceDaemonLogin(String userVariable, String passwordVariable) {
        user = envOr(userVariable, "");
        password = envOr(passwordVariable, "");
    }

    DaemonClient client() {
        return client(URI.create(url));
    }

    /** A client for another daemon of the platform, with the same account. */
    DaemonClient client(URI daemonUrl) {
        return new DaemonClient(daemonUrl, user, password, 30_000);
    }

    /** The environment first, then the credentials bin/flowstream up wrote, then the fallback. */
    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        if (value != null && !value.isBlank()) {
            return value;
        }
        return UP_CREDENTIALS.getOrDefault(name, fallback);
    }

    private static final java.util.Map<String, String> UP_CREDENTIALS = readUpCredentials();

    private static java.util.Map<String, String> readUpCredentials() {
        try {
            return org.flowstream.cli.platform.Credentials.read(
                    org.flowstream.common.config.FlowstreamHome.resolve("run/credentials.env"));
        } catch (java.io.IOException | SecurityException noFile) {
            return java.util.Map.of(); // not started with up, or not readable by this user: the fallbacks apply
        }
    }
}
