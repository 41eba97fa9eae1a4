package org.flowstream.resource.tenants;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flowstream.common.auth.Accounts;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.contracts.records.resource.TenantRow;
import org.flowstream.resource.ResourceSettings;
import org.flowstream.resource.allocation.Allocation;
import org.flowstream.resource.allocation.AllocationBook;

/**
 * Tenant accounts as operators see them: those added through the API ({@link TenantDirectory}) and those of
 * the configuration file, with their quotas and what they hold. Removing a tenant that still holds
 * allocations is refused, so no allocation is left without an owner who can delete it.
 */
public final class TenantAdmin implements Quotas {

    private final TenantDirectory directory;
    private final AllocationBook book;
    private final ResourceSettings.Quotas configuredQuotas;
    private final List<UserAccount> configuredUsers;
    private final Accounts configuredAccounts;
    /** Install's quota check and insert hold this lock too, so a tenant cannot gain an allocation while removed. */
    private final Object installLock;

    public TenantAdmin(
            TenantDirectory directory,
            AllocationBook book,
            ResourceSettings.Quotas configuredQuotas,
            List<UserAccount> configuredUsers,
            Object installLock) {
        this.directory = directory;
        this.book = book;
        this.configuredQuotas = configuredQuotas;
        this.configuredUsers = configuredUsers;
        this.configuredAccounts = Accounts.of(configuredUsers);
        this.installLock = installLock;
    }

    public TenantDirectory directory() {
        return directory;
    }

    /** The quota a new tenant gets for each limit the operator leaves out. */
    public Quota defaultQuota(String tenant) {
        return configuredQuotas.of(tenant);
    }

    public TenantDirectory.Added add(String name, Optional<String> password, Quota quota) throws SQLException {
        return directory.add(name, password, quota);
    }

    public void remove(String name) throws SQLException {
        synchronized (installLock) {
            List<Allocation> held = book.ofTenant(name);
            if (!held.isEmpty()) {
                throw new BadParameterException(
                        "tenant %s still holds %d allocation(s) (%s); delete them first, then remove the tenant"
                                .formatted(
                                        name,
                                        held.size(),
                                        String.join(
                                                ", ",
                                                held.stream()
                                                        .map(a -> String.valueOf(a.id()))
                                                        .toList())));
            }
            directory.remove(name);
        }
    }

    /** Every tenant, API-added and configured, as list_tenants answers them; never a password or hash. */
    public List<TenantRow> list() {
        List<TenantRow> rows = new ArrayList<>();
        for (Tenant t : directory.list()) {
            rows.add(row(t.name(), "api", t.quota()));
        }
        for (UserAccount account : configuredUsers) {
            if (account.role() == Role.TENANT) {
                rows.add(row(account.name(), "configuration", configuredQuotas.of(account.name())));
            }
        }
        return rows;
    }

    private TenantRow row(String name, String source, Quota quota) {
        List<Allocation> held = book.ofTenant(name);
        return new TenantRow(name, source, quota.cpuCores(), quota.memoryMb(), quota.allocations(), held.size());
    }

    /**
     * An API tenant's own quota; the configured quota for accounts of the configuration file (and every caller
     * in development mode); empty for a tenant removed since it authenticated.
     */
    @Override
    public Optional<Quota> of(String tenant) {
        Optional<Tenant> added = directory.get(tenant);
        if (added.isPresent()) {
            return Optional.of(added.get().quota());
        }
        return configuredAccounts.isEmpty() || configuredAccounts.find(tenant).isPresent()
                ? Optional.of(configuredQuotas.of(tenant))
                : Optional.empty();
    }
}
