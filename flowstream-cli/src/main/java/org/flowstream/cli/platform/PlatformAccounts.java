package org.flowstream.cli.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.flowstream.common.auth.PasswordHash;

/**
 * Which accounts each daemon of a local platform admits, and which one it calls its peers with: least
 * privilege. Every daemon admits the operator; a daemon admits the service account ({@code svc-<daemon>}) of
 * each daemon that calls it and of no other; only the resource daemon, the front door, admits the tenant.
 * Passwords appear as PBKDF2 hashes; a daemon's own service password appears in clear only in its own peers
 * section, since it must send it. Service passwords are derived from the platform's service secret, so they
 * stay the same when up rewrites one daemon's file while the others run.
 */
final class PlatformAccounts {

    /** Who calls whom (by kind): resource <- module hosts (register, heartbeat, PM failures) and monitoring (owners, reports). */
    private static final Map<String, Set<String>> CALLERS = Map.of(
            "resource", Set.of("modulehost", "monitoring"),
            "openflow", Set.of("resource", "modulehost", "monitoring"),
            "modulehost", Set.of("resource", "monitoring"),
            "monitoring", Set.of("resource"));

    /** PBKDF2 is slow on purpose: one hash per secret per up, shared by every file that lists the account. */
    private static final Map<String, String> HASHES = new ConcurrentHashMap<>();

    private final Credentials credentials;

    PlatformAccounts(Credentials credentials) {
        this.credentials = credentials;
    }

    /** The users section of {@code daemon}'s configuration. */
    List<Map<String, Object>> users(PlatformLayout layout, PlatformLayout.DaemonSpec daemon) {
        List<Map<String, Object>> users = new ArrayList<>();
        users.add(user(credentials.operator(), credentials.operatorPassword(), "operator"));
        for (PlatformLayout.DaemonSpec caller : layout.daemons()) {
            if (CALLERS.getOrDefault(daemon.kind(), Set.of()).contains(caller.kind())) {
                users.add(user(serviceAccount(caller), servicePassword(caller), "service"));
            }
        }
        if (daemon.kind().equals("resource")) {
            users.add(user(credentials.tenant(), credentials.tenantPassword(), "tenant"));
        }
        return users;
    }

    /** How {@code daemon} logs in to its peers: its own service account. */
    Map<String, Object> peerLogin(PlatformLayout.DaemonSpec daemon) {
        Map<String, Object> login = new LinkedHashMap<>();
        login.put("user", serviceAccount(daemon));
        login.put("password", servicePassword(daemon));
        return login;
    }

    static String serviceAccount(PlatformLayout.DaemonSpec daemon) {
        return "svc-" + daemon.name();
    }

    /** HMAC-SHA256 of the daemon's name under the platform's service secret. */
    String servicePassword(PlatformLayout.DaemonSpec daemon) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(credentials.serviceSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of()
                    .formatHex(
                            mac.doFinal(("service account " + daemon.name()).getBytes(StandardCharsets.UTF_8)), 0, 24);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks HmacSHA256", e);
        }
    }

    private static Map<String, Object> user(String name, String password, String role) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("name", name);
        user.put(
                "passwordHash",
                HASHES.computeIfAbsent(password, p -> PasswordHash.of(p).encoded()));
        user.put("role", role);
        return user;
    }
}
