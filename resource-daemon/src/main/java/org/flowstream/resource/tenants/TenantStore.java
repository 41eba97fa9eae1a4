package org.flowstream.resource.tenants;

import java.sql.SQLException;
import java.util.List;

/** Where tenant accounts are kept durably (the resource daemon's state store; a replicated store later). */
public interface TenantStore {

    /** Stores a new tenant; fails when the name is taken. */
    void insert(Tenant tenant) throws SQLException;

    /** Forgets a tenant; false when there was none of that name. */
    boolean deleteTenant(String name) throws SQLException;

    List<Tenant> tenants() throws SQLException;
}
