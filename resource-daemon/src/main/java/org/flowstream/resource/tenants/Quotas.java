package org.flowstream.resource.tenants;

import java.util.Optional;

/** A tenant's quota by name; empty when no such tenant exists (any more). */
@FunctionalInterface
public interface Quotas {

    Optional<Quota> of(String tenant);
}
