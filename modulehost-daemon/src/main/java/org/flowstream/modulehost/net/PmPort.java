package org.flowstream.modulehost.net;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One PM port: {@code name} inside the PM (p0, p1, ...), {@code interfaceName} the switch-facing end of its veth
 * pair, {@code ofport} the OpenFlow port number Open vSwitch gave that end, {@code mac} the PM-side MAC address.
 */
public record PmPort(String name, String interfaceName, int ofport, String mac) {

    public Map<String, Object> toStruct() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("interface", interfaceName);
        s.put("ofport", ofport);
        s.put("mac", mac);
        return s;
    }
}
