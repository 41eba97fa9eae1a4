package org.flowstream.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A stored password: PBKDF2 with HMAC-SHA256 (the JDK's own), a random salt and an iteration count, written as
 * {@code pbkdf2-sha256:<iterations>:<salt, base64>:<hash, base64>} so the count can rise later without
 * invalidating stored hashes.
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {

    /** The count new hashes get; about 0.1 s of one core here, paid once per login thanks to the authenticator's cache. */
    public static final int ITERATIONS = 210_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new hash of {@code password} with a fresh salt. */
    public static PasswordHash of(String password) {
        return of(password, ITERATIONS);
    }

    public static PasswordHash of(String password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /** Reads the stored form; the message says what is wrong with a malformed one. */
    public static PasswordHash parse(String stored) {
        String[] parts = stored.split(":");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException(
                    "a password hash looks like %s:<iterations>:<salt>:<hash> (made by 'flowstream hash-password')"
                            .formatted(SCHEME));
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < 1_000 || iterations > 10_000_000) {
                throw new IllegalArgumentException(
                        "a password hash's iteration count must be 1000 to 10000000, not " + iterations);
            }
            return new PasswordHash(
                    iterations,
                    Base64.getDecoder().decode(parts[2]),
                    Base64.getDecoder().decode(parts[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "a password hash's iteration count must be a number, not '%s'".formatted(parts[1]));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("a password hash")) {
                throw e;
            }
            throw new IllegalArgumentException("a password hash's salt and hash must be base64");
        }
    }

    /** Whether {@code password} is the one hashed; the comparison takes the same time wherever the bytes differ. */
    public boolean matches(String password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    /** The stored form. */
    public String encoded() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "%s:%d:%s:%s".formatted(SCHEME, iterations, b64.encodeToString(salt), b64.encodeToString(hash));
    }

    @Override
    public String toString() {
        return encoded();
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Bytes of a clear password, for comparing development accounts in constant time. */
    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
