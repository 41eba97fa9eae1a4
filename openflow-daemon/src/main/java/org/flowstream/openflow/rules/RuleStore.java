package org.flowstream.openflow.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.common.io.DurableFiles;

/**
 * The desired rules of every switch in one JSON file, written atomically (a temporary file renamed over the
 * old one), so a restarted daemon reconciles toward exactly what it had acknowledged.
 *
 * <pre>{"format": 1, "switches": {"br0": [{"table": 0, "priority": 1000, "match": "ip,in_port=1",
 *   "actions": ["output:2"], "cookie": "0xf501000000000007"}]}}</pre>
 */
public final class RuleStore {

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
    private final Path file;

    public RuleStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public Map<String, List<Rule>> load() {
        Map<String, List<Rule>> result = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return result;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            root.path("switches").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> sw = it.next();
                List<Rule> rules = new ArrayList<>();
                for (JsonNode r : sw.getValue()) {
                    List<String> actions = new ArrayList<>();
                    r.path("actions").forEach(a -> actions.add(a.asText()));
                    rules.add(Rule.of(
                            r.path("table").asInt(),
                            r.path("priority").asInt(),
                            r.path("match").asText(),
                            actions,
                            Long.parseUnsignedLong(r.path("cookie").asText().replace("0x", ""), 16)));
                }
                result.put(sw.getKey(), rules);
            }
            return result;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read the saved rules %s: %s; move it aside to start with no rules"
                            .formatted(file, e.getMessage()),
                    e);
        }
    }

    public void save(Map<String, ? extends Collection<Rule>> rules) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", 1);
        ObjectNode switches = root.putObject("switches");
        rules.forEach((name, list) -> {
            ArrayNode array = switches.putArray(name);
            for (Rule r : list) {
                ObjectNode n = array.addObject();
                n.put("table", r.table());
                n.put("priority", r.priority());
                n.put("match", r.match().toString());
                ArrayNode actions = n.putArray("actions");
                r.actions().forEach(actions::add);
                n.put("cookie", Cookies.hex(r.cookie()));
            }
        });
        writeAtomically(file, root);
    }

    /** Replaces the file with this JSON, on disk when this returns ({@link DurableFiles#replace}). */
    public static void writeAtomically(Path file, JsonNode content) {
        try {
            DurableFiles.replace(file, JSON.writeValueAsBytes(content));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + file + ": " + e.getMessage(), e);
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
