package org.flowstream.resource.migration;

import java.nio.file.Path;
import java.util.List;
import org.flowstream.resource.store.JsonFileDirectory;

/**
 * A {@link MoveJournal} as one small JSON file per allocation ({@code a<id>.json}) in a directory of the state
 * directory, written atomically ({@link JsonFileDirectory}): a crash leaves either the old entry or the new one.
 */
public final class FileMoveJournal implements MoveJournal {

    private final JsonFileDirectory<Entry> files;

    public FileMoveJournal(Path dir) {
        this.files = new JsonFileDirectory<>(dir, Entry.class, "the move");
    }

    @Override
    public void write(Entry entry) {
        files.write(entry.allocId(), entry);
    }

    @Override
    public void remove(int allocId) {
        files.remove(allocId);
    }

    @Override
    public List<Entry> unfinished() {
        return files.readAll();
    }
}
