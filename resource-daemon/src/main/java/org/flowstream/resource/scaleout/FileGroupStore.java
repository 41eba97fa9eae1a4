package org.flowstream.resource.scaleout;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.flowstream.resource.store.JsonFileDirectory;

/**
 * The scaling groups as one JSON file per allocation in a directory of the state directory ({@code groups/}),
 * written atomically ({@link JsonFileDirectory}): a crash leaves either the group before a change or after it.
 */
public final class FileGroupStore implements GroupStore {

    private final JsonFileDirectory<GroupState> files;

    public FileGroupStore(Path dir) {
        this.files = new JsonFileDirectory<>(dir, GroupState.class, "the scaling group");
    }

    @Override
    public Optional<GroupState> get(int allocId) {
        return files.read(allocId);
    }

    @Override
    public void put(GroupState group) {
        files.write(group.allocId(), group);
    }

    @Override
    public void remove(int allocId) {
        files.remove(allocId);
    }

    @Override
    public List<GroupState> all() {
        return files.readAll();
    }
}
