package org.flowstream.cli.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets of a local platform, kept in clear only in run/credentials.env (mode 600), which the client
 * commands read: one operator, one tenant, and the secret the daemons' service accounts' passwords are derived
 * from ({@link PlatformAccounts}). The daemons' configuration files hold only hashes, plus the one password each
 * daemon calls its peers with.
 */
public record Credentials(
        String operator, String operatorPassword, String tenant, String tenantPassword, String serviceSecret) {

    private static final String SERVICE_SECRET = "FLOWSTREAM_SERVICE_SECRET";

    static Credentials loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            Map<String, String> env = read(file);
            if (env.get(SERVICE_SECRET) == null) { // written before service accounts existed
                String secret = secret();
                Files.writeString(
                        file, "%s=%s%n".formatted(SERVICE_SECRET, secret), java.nio.file.StandardOpenOption.APPEND);
                env.put(SERVICE_SECRET, secret);
            }
            return new Credentials(
                    env.get("FLOWSTREAM_OPERATOR"),
                    env.get("FLOWSTREAM_OPERATOR_PASSWORD"),
                    env.get("FLOWSTREAM_USER"),
                    env.get("FLOWSTREAM_PASSWORD"),
                    env.get(SERVICE_SECRET));
        }
        Credentials fresh = new Credentials("operator", secret(), "alice", secret(), secret());
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                # Written by bin/flowstream up. The client commands read this file; "source" it for other tools.
                FLOWSTREAM_URL=http://127.0.0.1:7100/RPC2
                FLOWSTREAM_USER=%s
                FLOWSTREAM_PASSWORD=%s
                FLOWSTREAM_OPERATOR=%s
                FLOWSTREAM_OPERATOR_PASSWORD=%s
                %s=%s
                """.formatted(
                        fresh.tenant,
                        fresh.tenantPassword,
                        fresh.operator,
                        fresh.operatorPassword,
                        SERVICE_SECRET,
                        fresh.serviceSecret));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return fresh;
    }

    /** The KEY=value lines of a credentials file. */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return env;
    }

    private static String secret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
