package org.flowstream.lang.catalogue;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A catalogue held in memory, in the order the types were given. */
public final class MapPmCatalogue implements PmCatalogue {

    private final Map<String, PmType> types = new LinkedHashMap<>();

    public MapPmCatalogue(Collection<PmType> types) {
        for (PmType type : types) {
            this.types.put(type.className(), type);
        }
    }

    public static MapPmCatalogue of(PmType... types) {
        return new MapPmCatalogue(List.of(types));
    }

    @Override
    public Optional<PmType> find(String className) {
        return Optional.ofNullable(types.get(className));
    }

    @Override
    public Collection<PmType> all() {
        return List.copyOf(types.values());
    }
}
