package org.flowstream.openflow.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * A list of saved records in one JSON file, {@code {"format": 1, "<field>": [...]}}, written atomically like the
 * rules ({@link RuleStore#writeAtomically}). The live services keep their balancers and offloads in one each.
 *
 * @param <S> the record saved per item (a Jackson-mapped record)
 */
public final class SavedList<S> {

    private static final int FORMAT = 1;

    private final Path file;
    private final String field;
    private final Class<S> type;
    private final String what;

    /**
     * @param field the list's name in the file ("balancers")
     * @param what  what the items are called in errors ("load balancers")
     */
    public SavedList(Path file, String field, Class<S> type, String what) {
        this.file = file;
        this.field = field;
        this.type = type;
        this.what = what;
    }

    public Path file() {
        return file;
    }

    /**
     * Reads every item and turns it into what the service runs; nothing saved yet gives an empty list. A file
     * that cannot be read, or an item {@code restore} refuses, stops the daemon rather than dropping what was
     * acknowledged: the message says which file to move aside.
     */
    public <T> List<T> read(Function<S, T> restore) {
        List<T> items = new ArrayList<>();
        if (!Files.exists(file)) {
            return items;
        }
        try {
            JsonNode root = RuleStore.json().readTree(file.toFile());
            int format = root.path("format").asInt(-1);
            if (format != FORMAT) {
                throw new IllegalArgumentException("format %d is not %d".formatted(format, FORMAT));
            }
            JsonNode list = root.path(field);
            if (!list.isArray()) {
                throw new IllegalArgumentException("no list \"%s\"".formatted(field));
            }
            for (JsonNode item : list) {
                items.add(restore.apply(RuleStore.json().treeToValue(item, type)));
            }
            return items;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read the saved %s %s: %s; move it aside to start without them"
                            .formatted(what, file, e.getMessage()),
                    e);
        }
    }

    public void write(Collection<S> items) {
        ObjectNode root = RuleStore.json().createObjectNode();
        root.put("format", FORMAT);
        root.set(field, RuleStore.json().valueToTree(items));
        RuleStore.writeAtomically(file, root);
    }
}
