package org.flowstream.common.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One account allowed to call a daemon, as written in its configuration file. The password is stored as a
 * {@link PasswordHash} ({@code passwordHash}); a clear {@code password} is accepted for development and tests
 * only (the daemon warns at start-up), and an account with both, or neither, is refused.
 */
public record UserAccount(String name, String password, String passwordHash, Role role) {

    @JsonCreator
    public UserAccount(
            @JsonProperty("name") String name,
            @JsonProperty("password") String password,
            @JsonProperty("passwordHash") String passwordHash,
            @JsonProperty("role") Role role) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an account needs a name");
        }
        if (role == null) {
            throw new IllegalArgumentException("account %s needs a role: tenant, service or operator".formatted(name));
        }
        boolean clear = password != null && !password.isEmpty();
        boolean hashed = passwordHash != null && !passwordHash.isEmpty();
        if (clear == hashed) {
            throw new IllegalArgumentException(
                    "account %s needs exactly one of passwordHash (make one with 'flowstream hash-password') or password (development only)"
                            .formatted(name));
        }
        if (hashed) {
            PasswordHash.parse(passwordHash); // refuse a malformed hash when the file is read, not at the first login
        }
        this.name = name;
        this.password = clear ? password : null;
        this.passwordHash = hashed ? passwordHash : null;
        this.role = role;
    }

    /** A development account with a clear password (tests, benchmarks, loopback-only daemons). */
    public UserAccount(String name, String password, Role role) {
        this(name, password, null, role);
    }

    /** An account stored with the hash of its password. */
    public static UserAccount hashed(String name, String passwordHash, Role role) {
        return new UserAccount(name, null, passwordHash, role);
    }

    public boolean hasClearPassword() {
        return password != null;
    }
}
