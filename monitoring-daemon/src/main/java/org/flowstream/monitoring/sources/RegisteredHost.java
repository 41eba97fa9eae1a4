package org.flowstream.monitoring.sources;

import java.util.Map;

/** A module host as the resource daemon's list_hosts shows it: {name, url, up, ...}. */
public record RegisteredHost(String name, String url, boolean upAtResource) {

    static RegisteredHost fromWire(Object value) {
        Map<?, ?> s = Wire.struct(value);
        return new RegisteredHost(Wire.text(s, "name"), Wire.text(s, "url"), Wire.flag(s, "up", true));
    }
}
