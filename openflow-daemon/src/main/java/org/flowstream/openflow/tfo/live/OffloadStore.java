package org.flowstream.openflow.tfo.live;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.flowstream.openflow.lb.Prefix;
import org.flowstream.openflow.rules.RuleStore;

/**
 * The configured offloads and their offloaded prefixes in one JSON file (written atomically), so a
 * restarted daemon keeps the fast path as it was; TFO's traffic statistics start again.
 *
 * <pre>{"format": 1, "offloads": [{"config": {"id": 1, "switch_name": "br0", ...}, "offloaded": ["20.0.1.0/24"]}]}</pre>
 */
public final class OffloadStore {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Saved(OffloadConfig config, List<String> offloaded) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SavedFile(int format, List<Saved> offloads) {
    }

    private final Path file;

    public OffloadStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    List<LiveOffload> load() {
        List<LiveOffload> list = new ArrayList<>();
        if (!Files.exists(file)) {
            return list;
        }
        try {
            for (Saved s : RuleStore.json().readValue(file.toFile(), SavedFile.class).offloads()) {
                list.add(new LiveOffload(s.config().withDefaults().check(), s.offloaded().stream().map(Prefix::parse).toList()));
            }
            return list;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the saved offloads %s: %s; move it aside to start without them".formatted(file, e.getMessage()), e);
        }
    }

    void save(Collection<LiveOffload> offloads) {
        List<Saved> list = new ArrayList<>();
        for (LiveOffload o : offloads) {
            list.add(new Saved(o.config, o.offloader.offloaded().stream().map(Prefix::toString).toList()));
        }
        RuleStore.writeAtomically(file, RuleStore.json().valueToTree(new SavedFile(1, list)));
    }
}
