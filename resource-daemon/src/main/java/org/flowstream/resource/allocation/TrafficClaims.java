package org.flowstream.resource.allocation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.flowstream.common.auth.Caller;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.model.Source;
import org.flowstream.lang.platform.TargetPlatform;
import org.flowstream.lang.platform.TrafficClaim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The traffic live allocations capture, as a new request of one caller is checked against it. A refusal
 * names the caller's own allocations and what they match; another tenant's allocation stays anonymous, so
 * that a tenant learns no more than that the traffic is taken.
 */
final class TrafficClaims {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficClaims.class);

    private TrafficClaims() {}

    static List<TrafficClaim> of(
            List<Allocation> live,
            Function<Allocation, NetworkService> services,
            TargetPlatform platform,
            Caller caller) {
        List<TrafficClaim> claims = new ArrayList<>();
        for (Allocation a : live) {
            if (!a.state().holdsCapacity()) {
                continue; // failed allocations hold no rules
            }
            NetworkService service;
            try {
                service = services.apply(a);
            } catch (RequestRejectedException e) {
                LOG.warn(
                        "allocation {} no longer checks, so its traffic is not guarded here (the switch still refuses overlaps): {}",
                        a.id(),
                        e.getMessage());
                continue;
            }
            for (Source source : service.sources()) {
                claims.add(new TrafficClaim(platform.ingressOf(source), source.match(), owner(a, source, caller)));
            }
        }
        return claims;
    }

    private static String owner(Allocation a, Source source, Caller caller) {
        if (a.id() == 0) { // admitted a moment ago, its insert under way: it has no id to name yet
            return a.tenant().equals(caller.name()) || caller.isOperator()
                    ? "an allocation of %s being accepted (FromNet '%s': %s)"
                            .formatted(a.tenant(), source.name(), source.matchString())
                    : "another tenant's allocation";
        }
        if (a.tenant().equals(caller.name())) {
            return "your allocation %d (FromNet '%s': %s)".formatted(a.id(), source.name(), source.matchString());
        }
        if (caller.isOperator()) {
            return "allocation %d of %s (FromNet '%s': %s)"
                    .formatted(a.id(), a.tenant(), source.name(), source.matchString());
        }
        return "another tenant's allocation";
    }
}
