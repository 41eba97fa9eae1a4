package org.flowstream.resource.pmtypes;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.flowstream.lang.catalogue.PmCatalogue;
import org.flowstream.lang.catalogue.PmType;
import org.flowstream.resource.store.StateStore;

/**
 * The PM types this platform offers: those the module hosts' element libraries report when they register,
 * and those operators deployed with deploy_pm. Requests are checked against it.
 */
public final class PlatformCatalogue implements PmCatalogue {

    private final StateStore store;
    private final Map<String, PmTypeRecord> types = new ConcurrentSkipListMap<>();

    public PlatformCatalogue(StateStore store) throws SQLException {
        this.store = store;
        store.pmTypes().forEach(t -> types.put(t.name(), t));
    }

    /** Adds or replaces a type, persisting it first. */
    public void put(PmTypeRecord type) throws SQLException {
        store.put(type);
        types.put(type.name(), type);
    }

    public Optional<PmTypeRecord> record(String name) {
        return Optional.ofNullable(types.get(name));
    }

    public List<PmTypeRecord> records() {
        return List.copyOf(types.values());
    }

    @Override
    public Optional<PmType> find(String className) {
        return record(className).map(PmTypeRecord::toLanguageType);
    }

    @Override
    public Collection<PmType> all() {
        return types.values().stream().map(PmTypeRecord::toLanguageType).toList();
    }
}
