package org.flowstream.resource.tenants;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.flowstream.common.auth.Accounts;
import org.flowstream.common.auth.PasswordHash;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.rpc.BadParameterException;

/**
 * The tenant accounts operators manage through the API (add_tenant, list_tenants, remove_tenant): kept in a
 * {@link TenantStore}, so they survive restarts, and in memory for the authenticator, which looks a caller up
 * on every request. Only the hash of a password is kept; a generated password is shown once, to the operator
 * who added the tenant.
 */
public final class TenantDirectory implements Accounts {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final int MIN_PASSWORD = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What add returns: the stored tenant, and its password when the directory made it up. */
    public record Added(Tenant tenant, Optional<String> generatedPassword) {}

    private final TenantStore store;
    private final Accounts configured;
    private final Map<String, Tenant> byName = new ConcurrentHashMap<>();

    /** @param configured the accounts of the configuration file, whose names a tenant cannot take */
    public TenantDirectory(TenantStore store, Accounts configured) throws SQLException {
        this.store = store;
        this.configured = configured;
        store.tenants().forEach(t -> byName.put(t.name(), t));
    }

    /** Adds a tenant with the given password, or a generated one when empty; durable when it returns. */
    public synchronized Added add(String name, Optional<String> password, Quota quota) throws SQLException {
        if (!NAME.matcher(name).matches()) {
            throw new BadParameterException(
                    "a tenant name is 1 to 32 lower-case letters, digits, '-' or '_', starting with a letter; '%s' is not"
                            .formatted(abbreviate(name)));
        }
        if (configured.find(name).isPresent()) {
            throw new BadParameterException(
                    "'%s' is an account of the daemon's configuration file; choose another name".formatted(name));
        }
        if (byName.containsKey(name)) {
            throw new BadParameterException(
                    "a tenant named '%s' exists already; remove_tenant it first to replace it".formatted(name));
        }
        if (password.isPresent() && password.get().length() < MIN_PASSWORD) {
            throw new BadParameterException(
                    "a tenant's password needs at least %d characters; leave it out to have one generated"
                            .formatted(MIN_PASSWORD));
        }
        checkQuota(quota);
        String clear = password.orElseGet(TenantDirectory::generatePassword);
        Tenant tenant = new Tenant(name, PasswordHash.of(clear).encoded(), quota, System.currentTimeMillis());
        store.insert(tenant);
        byName.put(name, tenant);
        return new Added(tenant, password.isPresent() ? Optional.empty() : Optional.of(clear));
    }

    /** Forgets a tenant; its open requests are refused from now on. The caller checks it holds no allocations. */
    public synchronized void remove(String name) throws SQLException {
        if (!byName.containsKey(name)) {
            throw new BadParameterException(
                    configured.find(name).isPresent()
                            ? "'%s' is an account of the daemon's configuration file; remove it there".formatted(name)
                            : "no tenant named '%s'; list_tenants shows them".formatted(abbreviate(name)));
        }
        store.deleteTenant(name);
        byName.remove(name);
    }

    /** The tenants added through the API, by name. */
    public List<Tenant> list() {
        return byName.values().stream()
                .sorted(java.util.Comparator.comparing(Tenant::name))
                .toList();
    }

    public Optional<Tenant> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Optional<UserAccount> find(String name) {
        Tenant t = byName.get(name);
        return t == null ? Optional.empty() : Optional.of(UserAccount.hashed(t.name(), t.passwordHash(), Role.TENANT));
    }

    @Override
    public boolean isEmpty() {
        return byName.isEmpty();
    }

    private static void checkQuota(Quota quota) {
        if (!(quota.cpuCores() > 0 && quota.cpuCores() <= 1_000_000)) {
            throw new BadParameterException(
                    "cpu_cores must be more than 0 and at most 1000000, not " + quota.cpuCores());
        }
        if (quota.memoryMb() < 1 || quota.memoryMb() > 1_000_000_000L) {
            throw new BadParameterException("memory_mb must be 1 to 1000000000, not " + quota.memoryMb());
        }
        if (quota.allocations() < 1 || quota.allocations() > 1_000_000) {
            throw new BadParameterException("allocations must be 1 to 1000000, not " + quota.allocations());
        }
    }

    private static String generatePassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A name as it may appear in a message: at most 40 characters of whatever the caller sent. */
    private static String abbreviate(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "...";
    }
}
