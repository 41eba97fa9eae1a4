package org.flowstream.modulehost.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.ElementInfo;
import org.flowstream.modulehost.runtime.ElementRegistry;

/**
 * get_pm_info (§2.1.1): for every element type this host can run, a human description (what it does, what it
 * takes) and a dictionary of its primitives: each primitive it uses mapped to true, plus "type", "state"
 * (none/element/flow), "inputs", "outputs" and "deployed".
 */
public final class ElementCatalog {

    private final ElementRegistry registry;

    public ElementCatalog(ElementRegistry registry) {
        this.registry = registry;
    }

    public List<List<Object>> describeAll() {
        List<List<Object>> all = new ArrayList<>();
        for (Map.Entry<String, Class<? extends Element>> e :
                ElementRegistry.builtIns().entrySet()) {
            ElementInfo info = e.getValue().getAnnotation(ElementInfo.class);
            Map<String, Object> primitives = new LinkedHashMap<>();
            primitives.put("type", e.getKey());
            for (String p : info.primitives()) {
                primitives.put(p, true);
            }
            primitives.put("state", info.state());
            primitives.put("inputs", info.inputs());
            primitives.put("outputs", info.outputs());
            primitives.put("deployed", false);
            all.add(List.of(info.description(), primitives));
        }
        for (String name : registry.deployedNames()) {
            Path version = registry.deployedVersion(name).orElse(null);
            Properties properties = new Properties();
            if (version != null) {
                try (InputStream in = Files.newInputStream(version.resolve("element.properties"))) {
                    properties.load(in);
                } catch (IOException e) {
                    continue; // half-written or damaged: not offered
                }
            }
            Map<String, Object> primitives = new LinkedHashMap<>();
            primitives.put("type", name);
            for (String p : properties.getProperty("primitives", "").split(",")) {
                if (!p.isBlank()) {
                    primitives.put(p.strip(), true);
                }
            }
            primitives.put("deployed", true);
            primitives.put("deployed_at", properties.getProperty("deployed", ""));
            all.add(List.of(properties.getProperty("description", name + ": deployed element"), primitives));
        }
        return all;
    }
}
