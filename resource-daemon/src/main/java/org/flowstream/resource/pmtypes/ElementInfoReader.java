package org.flowstream.resource.pmtypes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowstream.common.rpc.Params;
import org.flowstream.lang.catalogue.PortCount;

/**
 * Reads a module host's get_pm_info answer ([description, {type, primitives..., inputs, outputs, deployed}]
 * per element type) as PM types. Port counts come as text: "1", "2", "1 or 2", "1 or more", "N", "one per
 * pattern". The device endpoints are not PM types: requests reach the network through FromNet and ToNet.
 */
public final class ElementInfoReader {

    /** What an instance needs unless the request says otherwise: a PM is a small JVM. */
    static final double DEFAULT_CPU_CORES = 0.25;

    static final long DEFAULT_MEMORY_MB = 256;
    private static final Set<String> ENDPOINTS = Set.of("FromDevice", "ToDevice");
    private static final Set<String> NOT_PRIMITIVES = Set.of("type", "inputs", "outputs", "deployed");
    private static final Pattern RANGE = Pattern.compile("(\\d+)\\s+or\\s+(\\d+)");
    private static final Pattern AT_LEAST = Pattern.compile("(\\d+)\\s+or\\s+more");

    private ElementInfoReader() {}

    public static List<PmTypeRecord> read(Object getPmInfoValue) {
        List<PmTypeRecord> types = new ArrayList<>();
        for (Object pair : Params.array(getPmInfoValue, "get_pm_info's answer")) {
            List<Object> entry = Params.array(pair, "a get_pm_info entry");
            String description = Params.string(entry.get(0), "a PM description");
            Map<String, Object> info = Params.struct(entry.get(1), "a PM's primitives");
            String name = Params.string(info.get("type"), "a PM's type");
            if (ENDPOINTS.contains(name)) {
                continue;
            }
            Map<String, Object> primitives = new LinkedHashMap<>(info);
            primitives.keySet().removeAll(NOT_PRIMITIVES);
            types.add(new PmTypeRecord(
                    name,
                    description,
                    primitives,
                    ports(info.get("inputs")),
                    ports(info.get("outputs")),
                    DEFAULT_CPU_CORES,
                    DEFAULT_MEMORY_MB,
                    ""));
        }
        return types;
    }

    static PortCount ports(Object text) {
        String t = String.valueOf(text == null ? "1" : text).trim();
        if (t.matches("\\d+")) {
            return PortCount.fixed(Integer.parseInt(t));
        }
        Matcher range = RANGE.matcher(t);
        if (range.matches()) {
            return PortCount.range(Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2)));
        }
        Matcher atLeast = AT_LEAST.matcher(t);
        if (atLeast.matches()) {
            return PortCount.atLeast(Integer.parseInt(atLeast.group(1)));
        }
        return PortCount.atLeast(1); // "N", "one per pattern": as many as the configuration says
    }
}
