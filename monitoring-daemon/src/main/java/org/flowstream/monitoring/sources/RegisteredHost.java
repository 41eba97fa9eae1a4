package org.flowstream.monitoring.sources;

import java.util.List;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.resource.HostListing;

/** A module host as the resource daemon's list_hosts shows it ({@link HostListing}). */
public record RegisteredHost(String name, String url, boolean upAtResource) {

    /** list_hosts' answer; one that breaks the contract is refused, naming the field. */
    static List<RegisteredHost> fromWire(Object value) {
        return Structs.fromArray(value, HostListing.class).stream()
                .map(host -> new RegisteredHost(host.name(), host.url(), host.up()))
                .toList();
    }
}
