package org.flowstream.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Checks HTTP basic credentials against a daemon's {@link Accounts}. With no accounts the daemon is in
 * development mode: every caller is an operator (allowed only on a loopback address, see RpcServer).
 *
 * <p>PBKDF2 is slow on purpose (about 0.1 s), too slow to pay on every request of a busy client, so a verified
 * password is remembered for {@link #REMEMBER} per account as a keyed digest (never the password itself);
 * a request with the same password in that time costs one SHA-256. A different password, a changed
 * or removed account, or an expired entry goes through PBKDF2 again, once for requests that arrive together with the
 * same password: when an entry expires under a burst (a resource daemon's 24 create_pm calls at once), the others wait
 * for that one verification and then find the password remembered, instead of each paying PBKDF2 at once on the same
 * CPUs. Requests with other passwords (a guesser's) neither wait for it nor make it wait.
 */
public final class BasicAuthenticator {

    /** How long a verified password is taken without PBKDF2. */
    public static final Duration REMEMBER = Duration.ofSeconds(60);

    private record Verified(UserAccount account, byte[] digest, long untilNanos) {}

    private final Accounts accounts;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    /**
     * Per account and presented password (as its digest): held while that password goes through PBKDF2. Keyed by the
     * password too, so that a flood of wrong guesses for an account cannot queue its right password behind them; an
     * entry lives only while its verification runs.
     */
    private final Map<String, Object> verifying = new ConcurrentHashMap<>();
    /** How many times PBKDF2 ran (tests). */
    private final java.util.concurrent.atomic.AtomicLong slowVerifications =
            new java.util.concurrent.atomic.AtomicLong();

    private final LongSupplier clock;
    private final byte[] pepper = new byte[32];

    public BasicAuthenticator(List<UserAccount> accounts) {
        this(Accounts.of(accounts));
    }

    public BasicAuthenticator(Accounts accounts) {
        this(accounts, System::nanoTime);
    }

    BasicAuthenticator(Accounts accounts, LongSupplier clock) {
        this.accounts = accounts;
        this.clock = clock;
        new java.security.SecureRandom().nextBytes(pepper);
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
            decoded = new String(
                    Base64.getDecoder().decode(authorizationHeader.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String name = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        return accounts.find(name)
                .filter(account -> passwordMatches(account, password))
                .map(account -> new Caller(account.name(), account.role()));
    }

    private boolean passwordMatches(UserAccount account, String password) {
        if (account.hasClearPassword()) {
            // development accounts: constant time, so response timing does not leak how much of a password matched
            return MessageDigest.isEqual(PasswordHash.utf8(account.password()), PasswordHash.utf8(password));
        }
        byte[] digest = digest(password);
        if (remembered(account, digest)) {
            return true;
        }
        String key = account.name() + ' ' + HexFormat.of().formatHex(digest);
        Object verification = verifying.computeIfAbsent(key, k -> new Object());
        try {
            synchronized (verification) {
                if (remembered(account, digest)) { // verified by the request this one waited for
                    return true;
                }
                slowVerifications.incrementAndGet();
                if (!PasswordHash.parse(account.passwordHash()).matches(password)) {
                    return false;
                }
                verified.put(account.name(), new Verified(account, digest, clock.getAsLong() + REMEMBER.toNanos()));
                return true;
            }
        } finally {
            verifying.remove(key, verification);
        }
    }

    /** Whether this account's password, as this digest, was verified less than {@link #REMEMBER} ago. */
    private boolean remembered(UserAccount account, byte[] digest) {
        Verified known = verified.get(account.name());
        return known != null
                && known.account().equals(account)
                && clock.getAsLong() - known.untilNanos() < 0
                && MessageDigest.isEqual(known.digest(), digest);
    }

    long slowVerifications() {
        return slowVerifications.get();
    }

    /** SHA-256 of a per-process random pepper and the password: what the cache compares, useless outside this process. */
    private byte[] digest(String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(pepper);
            return sha.digest(PasswordHash.utf8(password));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
