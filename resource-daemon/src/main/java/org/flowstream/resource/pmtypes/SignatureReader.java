package org.flowstream.resource.pmtypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.Params;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.WireValues;
import org.flowstream.contracts.records.modulehost.PmTypeInfo;
import org.flowstream.lang.catalogue.PmType;

/**
 * Reads a module host's get_pm_info answer ([description, {@link PmTypeInfo}] per element type) as PM types, the
 * only way PM types reach the resource daemon: ports, keywords and the rest come from the signature each entry
 * carries, the default size from the entry when it gives one. The device endpoints are not PM types: requests
 * reach the network through FromNet and ToNet.
 */
public final class SignatureReader {

    private static final Set<String> ENDPOINTS = Set.of("FromDevice", "ToDevice");

    private SignatureReader() {}

    public static List<PmTypeRecord> read(Object getPmInfoValue) {
        List<PmTypeRecord> types = new ArrayList<>();
        // toWire: an in-process answer (records) reads exactly as one that came over XML-RPC (structs)
        for (Object pair : Params.array(WireValues.toWire(getPmInfoValue), "get_pm_info's answer")) {
            List<Object> entry = Params.array(pair, "a get_pm_info entry");
            if (entry.size() != 2) {
                throw new BadParameterException(
                        "a get_pm_info entry must be [description, primitives], got %d items".formatted(entry.size()));
            }
            String description = Params.string(entry.get(0), "a PM description");
            PmTypeInfo info = Structs.fromStruct(entry.get(1), PmTypeInfo.class);
            ElementSignature signature = signature(info);
            if (ENDPOINTS.contains(signature.className())) {
                continue;
            }
            // kept as the module host answered it, the signature as the element contract writes it (lists and all)
            types.add(new PmTypeRecord(
                    signature.className(),
                    description,
                    info.withSignature(signature),
                    signature.ports().inputs(),
                    signature.ports().outputs(),
                    info.cpuCores() == null ? PmType.DEFAULT_CPU_CORES : info.cpuCores(),
                    info.memoryMb() == null ? PmType.DEFAULT_MEMORY_MB : info.memoryMb(),
                    ""));
        }
        return types;
    }

    private static ElementSignature signature(PmTypeInfo info) {
        try {
            return ElementSignature.fromStruct(info.signature());
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("get_pm_info's entry for %s: %s".formatted(info.type(), e.getMessage()));
        }
    }
}
