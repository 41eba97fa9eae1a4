package org.flowstream.openflow.offloading;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.contracts.records.openflow.OffloadConfig;
import org.flowstream.openflow.rules.SavedList;

/**
 * The configured offloads and their offloaded prefixes in one JSON file (written atomically), so a
 * restarted daemon keeps the fast path as it was; TFO's traffic statistics start again.
 *
 * <pre>{"format": 1, "offloads": [{"config": {"id": 1, "switch_name": "br0", ...}, "offloaded": ["20.0.1.0/24"]}]}</pre>
 */
public final class OffloadStore {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Saved(OffloadConfig config, List<String> offloaded) {}

    private final SavedList<Saved> saved;

    public OffloadStore(Path file) {
        this.saved = new SavedList<>(file, "offloads", Saved.class, "offloads");
    }

    public Path file() {
        return saved.file();
    }

    List<LiveOffload> load() {
        return saved.read(s -> new LiveOffload(
                OffloadConfigs.check(OffloadConfigs.withDefaults(s.config())),
                s.offloaded().stream().map(Ipv4Prefix::parse).toList()));
    }

    void save(Collection<LiveOffload> offloads) {
        saved.write(offloads.stream()
                .map(o -> new Saved(
                        o.config,
                        o.offloader.offloaded().stream()
                                .map(Ipv4Prefix::toString)
                                .toList()))
                .toList());
    }
}
