package org.flowstream.resource.pmtypes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.Params;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.lang.catalogue.PmType;

/**
 * Reads a module host's get_pm_info answer ([description, {type, primitives..., state, ports, deployed,
 * signature}] per element type) as PM types: ports, keywords and the rest come from the signature each entry
 * carries. The device endpoints are not PM types: requests reach the network through FromNet and ToNet.
 */
public final class SignatureReader {

    private static final Set<String> ENDPOINTS = Set.of("FromDevice", "ToDevice");

    private SignatureReader() {}

    public static List<PmTypeRecord> read(Object getPmInfoValue) {
        List<PmTypeRecord> types = new ArrayList<>();
        for (Object pair : Params.array(getPmInfoValue, "get_pm_info's answer")) {
            List<Object> entry = Params.array(pair, "a get_pm_info entry");
            String description = Params.string(entry.get(0), "a PM description");
            Map<String, Object> primitives = new LinkedHashMap<>(Params.struct(entry.get(1), "a PM's primitives"));
            ElementSignature signature = signature(primitives);
            if (ENDPOINTS.contains(signature.className())) {
                continue;
            }
            primitives.put("signature", signature.toStruct()); // as the contract writes it, lists and all
            types.add(new PmTypeRecord(
                    signature.className(),
                    description,
                    primitives,
                    signature.ports().inputs(),
                    signature.ports().outputs(),
                    PmType.DEFAULT_CPU_CORES,
                    PmType.DEFAULT_MEMORY_MB,
                    ""));
        }
        return types;
    }

    private static ElementSignature signature(Map<String, Object> primitives) {
        Object struct = primitives.get("signature");
        if (struct == null) {
            throw new BadParameterException(
                    "get_pm_info's entry for %s carries no signature: the module host is older than this resource daemon; upgrade it"
                            .formatted(primitives.getOrDefault("type", "an element type")));
        }
        try {
            return ElementSignature.fromStruct(struct);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("get_pm_info's entry for %s: %s"
                    .formatted(primitives.getOrDefault("type", "an element type"), e.getMessage()));
        }
    }
}
