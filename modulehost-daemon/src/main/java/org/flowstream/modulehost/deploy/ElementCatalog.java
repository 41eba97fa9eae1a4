package org.flowstream.modulehost.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.records.modulehost.PmTypeInfo;
import org.flowstream.modulehost.runtime.ElementRegistry;

/**
 * get_pm_info (§2.1.1): for every element type this host can run, a human description (its usage line and
 * what it does) and a dictionary of its primitives: each primitive it uses mapped to true, plus "type",
 * "state" (none/element/flow), "ports" (Click's notation, e.g. 1/-), "deployed" and "signature" (the whole
 * {@link ElementSignature} as a struct, which the resource daemon reads).
 */
public final class ElementCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElementRegistry registry;

    public ElementCatalog(ElementRegistry registry) {
        this.registry = registry;
    }

    /** The signatures of the built-in element library, in the order get_pm_info lists them. */
    public static List<ElementSignature> builtInSignatures() {
        return ElementRegistry.BUILT_IN.stream()
                .map(type -> ElementSignature.declaredBy(type)
                        .orElseThrow(() -> new IllegalStateException(type.getSimpleName() + " declares no @Signature")))
                .toList();
    }

    public List<List<Object>> describeAll() {
        List<List<Object>> all = new ArrayList<>();
        for (ElementSignature signature : builtInSignatures()) {
            all.add(entry(signature, false, ""));
        }
        for (String name : registry.deployedNames()) {
            Path version = registry.deployedVersion(name).orElse(null);
            if (version != null) {
                deployedSignature(version).ifPresent(signature -> all.add(entry(signature, true, deployedAt(version))));
            }
        }
        return all;
    }

    private static List<Object> entry(ElementSignature signature, boolean deployed, String deployedAt) {
        return PmTypeInfo.entry(signature, PmTypeInfo.of(signature, deployed, deployed ? deployedAt : null));
    }

    /** A half-written or damaged version (no readable signature) is not offered. */
    private static Optional<ElementSignature> deployedSignature(Path version) {
        try {
            Map<String, Object> struct = JSON.readValue(
                    version.resolve(ElementDeployer.SIGNATURE_FILE).toFile(), new TypeReference<>() {});
            return Optional.of(ElementSignature.fromStruct(struct));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String deployedAt(Path version) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(version.resolve("element.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            return "";
        }
        return properties.getProperty("deployed", "");
    }
}
