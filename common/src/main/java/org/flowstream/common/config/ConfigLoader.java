package org.flowstream.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a daemon's configuration: the file (YAML, which includes JSON), then command-line overrides of the
 * form {@code a.b.c=value}, then binds the result to the typed class. Unknown keys are errors, so a typo
 * does not silently fall back to a default.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private ConfigLoader() {}

    public static DaemonConfig load(Path file, Map<String, String> overrides) {
        ObjectNode tree = readTree(file);
        overrides.forEach((path, value) -> set(tree, path, value));
        try {
            return YAML.treeToValue(tree, DaemonConfig.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            // a value our own code refused (an account without a password, say): its message, not Jackson's wrapping
            throw new IllegalArgumentException(
                    "configuration%s is invalid: %s"
                            .formatted(
                                    file == null ? "" : " " + file,
                                    e.getCause() == null
                                            ? e.getOriginalMessage()
                                            : e.getCause().getMessage()),
                    e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "configuration%s is invalid: %s".formatted(file == null ? "" : " " + file, e.getOriginalMessage()),
                    e);
        }
    }

    /** The daemon-specific part of a configuration, bound to that daemon's settings class. */
    public static <T> T settings(DaemonConfig config, Class<T> type) {
        try {
            return YAML.treeToValue(
                    config.settings == null ? JsonNodeFactory.instance.objectNode() : config.settings, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("settings are invalid: " + e.getMessage(), e);
        }
    }

    private static ObjectNode readTree(Path file) {
        if (file == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = Files.size(file) == 0 ? null : YAML.readTree(file.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("configuration " + file + " must be a mapping of keys to values");
            }
            return object;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /** Sets a dotted path; the value is read as YAML, so numbers, booleans and lists keep their types. */
    private static void set(ObjectNode tree, String path, String value) {
        String[] keys = path.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = node.get(keys[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(keys[i]);
        }
        JsonNode parsed;
        try {
            parsed = YAML.readTree(value);
        } catch (IOException e) {
            parsed = null;
        }
        node.set(
                keys[keys.length - 1],
                parsed == null || parsed.isMissingNode() ? JsonNodeFactory.instance.textNode(value) : parsed);
    }
}
