package org.flowstream.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks HTTP basic credentials against the configured accounts. With no accounts configured the daemon
 * is in development mode: every caller is an operator (allowed only on a loopback address, see DaemonServer).
 */
public final class BasicAuthenticator {

    private final Map<String, UserAccount> accounts;

    public BasicAuthenticator(List<UserAccount> accounts) {
        this.accounts = accounts.stream().collect(Collectors.toUnmodifiableMap(UserAccount::name, Function.identity()));
    }

    public boolean isOpen() {
        return accounts.isEmpty();
    }

    /** The caller named by an Authorization header, or empty when the credentials are missing or wrong. */
    public Optional<Caller> authenticate(String authorizationHeader) {
        if (isOpen()) {
            return Optional.of(new Caller("anonymous", Role.OPERATOR));
        }
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorizationHeader.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        UserAccount account = accounts.get(decoded.substring(0, colon));
        if (account == null || !sameSecret(account.password(), decoded.substring(colon + 1))) {
            return Optional.empty();
        }
        return Optional.of(new Caller(account.name(), account.role()));
    }

    /** Constant-time comparison, so response timing does not leak how much of a password matched. */
    private static boolean sameSecret(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
