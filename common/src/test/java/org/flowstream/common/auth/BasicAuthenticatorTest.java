package org.flowstream.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Stored hashes, the short cache of verified passwords, and the access policy's answers. */
class BasicAuthenticatorTest {

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aHashMatchesItsPasswordOnlyAndReadsBackFromItsStoredForm() {
        PasswordHash hash = PasswordHash.of("correct horse", 1_000);
        PasswordHash stored = PasswordHash.parse(hash.encoded());
        assertThat(stored.matches("correct horse")).isTrue();
        assertThat(stored.matches("correct horsE")).isFalse();
        assertThat(hash.encoded()).startsWith("pbkdf2-sha256:1000:").doesNotContain("correct");
        assertThat(PasswordHash.of("correct horse", 1_000).encoded()).isNotEqualTo(hash.encoded()); // salted
    }

    @Test
    void aMalformedHashOrAnAccountWithBothOrNeitherPasswordIsRefusedInWords() {
        assertThatThrownBy(() -> PasswordHash.parse("secret"))
                .hasMessageContaining("pbkdf2-sha256:<iterations>:<salt>:<hash>");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:ten:AA:AA"))
                .hasMessageContaining("must be a number");
        assertThatThrownBy(() ->
                        new UserAccount("a", "pw", PasswordHash.of("pw", 1_000).encoded(), Role.TENANT))
                .hasMessageContaining("exactly one of");
        assertThatThrownBy(() -> new UserAccount("a", null, null, Role.TENANT)).hasMessageContaining("exactly one of");
        assertThatThrownBy(() -> new UserAccount("a", "pw", null, null)).hasMessageContaining("needs a role");
    }

    @Test
    void aVerifiedPasswordIsRememberedBrieflyAndOnlyForThatPasswordAndAccount() {
        AtomicReference<UserAccount> account = new AtomicReference<>(
                UserAccount.hashed("svc", PasswordHash.of("s3cret-pass", 1_000).encoded(), Role.SERVICE));
        AtomicLong now = new AtomicLong();
        BasicAuthenticator auth = new BasicAuthenticator(
                new Accounts() {
                    @Override
                    public Optional<UserAccount> find(String name) {
                        return Optional.ofNullable(account.get())
                                .filter(a -> a.name().equals(name));
                    }

                    @Override
                    public boolean isEmpty() {
                        return false;
                    }
                },
                now::get);
        assertThat(auth.authenticate(basic("svc", "s3cret-pass"))).contains(new Caller("svc", Role.SERVICE));
        assertThat(auth.authenticate(basic("svc", "s3cret-pass"))).isPresent(); // from the cache
        assertThat(auth.authenticate(basic("svc", "wrong"))).isEmpty(); // a cached account still checks the password
        now.addAndGet(BasicAuthenticator.REMEMBER.toNanos() + 1);
        assertThat(auth.authenticate(basic("svc", "s3cret-pass"))).isPresent(); // PBKDF2 again after expiry

        account.set(
                UserAccount.hashed("svc", PasswordHash.of("new-password", 1_000).encoded(), Role.SERVICE));
        assertThat(auth.authenticate(basic("svc", "s3cret-pass")))
                .isEmpty(); // a changed account is not served from the cache
        account.set(null);
        assertThat(auth.authenticate(basic("svc", "new-password"))).isEmpty(); // nor a removed one
    }

    @Test
    void requestsThatArriveTogetherWithAnExpiredPasswordPayPbkdf2Once() throws Exception {
        UserAccount svc = UserAccount.hashed(
                "svc", PasswordHash.of("s3cret-pass", 100_000).encoded(), Role.SERVICE);
        BasicAuthenticator auth = new BasicAuthenticator(List.of(svc));
        int requests = 8;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(requests)) {
            List<java.util.concurrent.Future<Optional<Caller>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < requests; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return auth.authenticate(basic("svc", "s3cret-pass"));
                }));
            }
            start.countDown();
            for (var answer : answers) {
                assertThat(answer.get()).contains(new Caller("svc", Role.SERVICE));
            }
        }
        assertThat(auth.slowVerifications()).isEqualTo(1);
        assertThat(auth.authenticate(basic("svc", "wrong"))).isEmpty();
        assertThat(auth.slowVerifications())
                .as("a wrong password is still checked")
                .isEqualTo(2);
    }

    @Test
    void aRightPasswordDoesNotWaitForAWrongOnesVerification() throws Exception {
        UserAccount svc =
                UserAccount.hashed("svc", PasswordHash.of("s3cret-pass", 1_000).encoded(), Role.SERVICE);
        var guesserVerifying = new java.util.concurrent.CountDownLatch(1);
        var rightAnswered = new java.util.concurrent.CountDownLatch(1);
        var guesserReleasedByTheRightOne = new java.util.concurrent.atomic.AtomicBoolean();
        ThreadLocal<Integer> clockReads = ThreadLocal.withInitial(() -> 0);
        // The guesser's second clock read happens inside its verification: it stays there until the request with the
        // right password has been answered (at most 10 s), which it can only be if it did not wait for the guesser.
        AtomicLong now = new AtomicLong();
        java.util.function.LongSupplier clock = () -> {
            if (Thread.currentThread().getName().equals("guesser")) {
                clockReads.set(clockReads.get() + 1);
                if (clockReads.get() == 2) {
                    guesserVerifying.countDown();
                    try {
                        guesserReleasedByTheRightOne.set(
                                rightAnswered.await(10, java.util.concurrent.TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            return now.get();
        };
        BasicAuthenticator auth = new BasicAuthenticator(Accounts.of(List.of(svc)), clock);
        // A remembered entry that has expired: every request reads the clock outside and inside its verification.
        assertThat(auth.authenticate(basic("svc", "s3cret-pass"))).isPresent();
        now.addAndGet(BasicAuthenticator.REMEMBER.toNanos() + 1);
        Thread guesser = new Thread(() -> auth.authenticate(basic("svc", "a-guess")), "guesser");
        guesser.start();
        assertThat(guesserVerifying.await(10, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();

        assertThat(auth.authenticate(basic("svc", "s3cret-pass"))).contains(new Caller("svc", Role.SERVICE));
        rightAnswered.countDown();
        guesser.join();
        assertThat(guesserReleasedByTheRightOne)
                .as("the right password was verified beside the guess")
                .isTrue();
    }

    @Test
    void clearDevelopmentPasswordsAndMalformedHeadersStillWork() {
        BasicAuthenticator auth = new BasicAuthenticator(List.of(new UserAccount("dev", "dev-pw", Role.OPERATOR)));
        assertThat(auth.authenticate(basic("dev", "dev-pw"))).contains(new Caller("dev", Role.OPERATOR));
        assertThat(auth.authenticate(basic("dev", "dev-p"))).isEmpty();
        assertThat(auth.authenticate("Basic !!!")).isEmpty();
        assertThat(auth.authenticate(null)).isEmpty();
    }

    @Test
    void internalDaemonsRefuseTenantsWhateverATaskDeclaresAndTheFrontDoorChecksTheDeclaredRole() {
        Caller alice = new Caller("alice", Role.TENANT);
        Caller service = new Caller("svc-resource", Role.SERVICE);
        Caller operator = new Caller("operator", Role.OPERATOR);
        AccessPolicy internal = AccessPolicy.internal("openflow");
        assertThat(internal.refusal(alice, "ping", Role.TENANT))
                .get()
                .asString()
                .isEqualTo(
                        "the openflow daemon serves only the platform's daemons and operators, and alice is a tenant account: tenants use the resource daemon");
        assertThat(internal.refusal(service, "delete_connections", Role.SERVICE))
                .isEmpty();
        assertThat(internal.refusal(service, "reconcile", Role.OPERATOR))
                .get()
                .asString()
                .isEqualTo("reconcile is for operators; svc-resource is a service account");

        AccessPolicy front = AccessPolicy.frontDoor("resource");
        assertThat(front.refusal(alice, "get_allocation", Role.TENANT)).isEmpty();
        assertThat(front.refusal(alice, "register_host", Role.SERVICE))
                .get()
                .asString()
                .isEqualTo("register_host is for the platform's daemons and operators; alice is a tenant account");
        assertThat(front.refusal(operator, "add_tenant", Role.OPERATOR)).isEmpty();
    }
}
