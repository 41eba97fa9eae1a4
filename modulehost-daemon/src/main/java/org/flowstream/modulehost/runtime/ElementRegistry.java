package org.flowstream.modulehost.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.flowstream.modulehost.elements.Classifier;
import org.flowstream.modulehost.elements.Counter;
import org.flowstream.modulehost.elements.Discard;
import org.flowstream.modulehost.elements.FromDevice;
import org.flowstream.modulehost.elements.IPFilter;
import org.flowstream.modulehost.elements.IPRewriter;
import org.flowstream.modulehost.elements.Mirror;
import org.flowstream.modulehost.elements.Null;
import org.flowstream.modulehost.elements.PrefixSampler;
import org.flowstream.modulehost.elements.RateLimiter;
import org.flowstream.modulehost.elements.TcpTracker;
import org.flowstream.modulehost.elements.Tee;
import org.flowstream.modulehost.elements.ToDevice;

/**
 * Element types by name: the built-in library, plus the types deploy_pm installed in the deployed-elements
 * directory. Only PM processes load deployed classes ({@link #load}); the daemon asks {@link #deployedNames}
 * and reads nothing but the directory listing.
 *
 * <p>Layout of the deployed-elements directory, written by the daemon's ElementDeployer:
 * {@code <dir>/<Type>/current} holds the name of the live version directory {@code <dir>/<Type>/v<N>/}, which
 * holds {@code element.properties} ({@code class=} the binary class name), {@code classes/} and the source.
 */
public final class ElementRegistry {

    /** The built-in element library, in the order get_pm_info lists it. */
    public static final List<Class<? extends Element>> BUILT_IN = List.of(
            FromDevice.class,
            ToDevice.class,
            Counter.class,
            Tee.class,
            Mirror.class,
            IPFilter.class,
            Classifier.class,
            IPRewriter.class,
            TcpTracker.class,
            RateLimiter.class,
            PrefixSampler.class,
            Discard.class,
            Null.class);

    private static final Map<String, Class<? extends Element>> BUILT_IN_BY_NAME = new LinkedHashMap<>();

    static {
        BUILT_IN.forEach(c -> BUILT_IN_BY_NAME.put(c.getSimpleName(), c));
    }

    private final Path deployedDir;

    /** {@code deployedDir} may be null: built-ins only. */
    public ElementRegistry(Path deployedDir) {
        this.deployedDir = deployedDir;
    }

    public static Map<String, Class<? extends Element>> builtIns() {
        return BUILT_IN_BY_NAME;
    }

    public static boolean isBuiltIn(String type) {
        return BUILT_IN_BY_NAME.containsKey(type);
    }

    /** Names of deployed element types (directories with a live version), without loading anything. */
    public List<String> deployedNames() {
        if (deployedDir == null || !Files.isDirectory(deployedDir)) {
            return List.of();
        }
        try (var entries = Files.list(deployedDir)) {
            return entries.filter(d -> Files.isRegularFile(d.resolve("current")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public boolean exists(String type) {
        return isBuiltIn(type) || deployedNames().contains(type);
    }

    /** Every type name known: built-ins then deployed. */
    public List<String> allNames() {
        List<String> names = new java.util.ArrayList<>(BUILT_IN_BY_NAME.keySet());
        deployedNames().stream().filter(n -> !names.contains(n)).forEach(names::add);
        return names;
    }

    /** The live version directory of a deployed type. */
    public Optional<Path> deployedVersion(String type) {
        if (deployedDir == null) {
            return Optional.empty();
        }
        Path current = deployedDir.resolve(type).resolve("current");
        try {
            return Files.isRegularFile(current)
                    ? Optional.of(deployedDir
                            .resolve(type)
                            .resolve(Files.readString(current).strip()))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Loads the class of a type (PM processes only): built-in, or deployed with a class loader of its own. */
    public Class<? extends Element> load(String type) throws ConfigException {
        Class<? extends Element> builtIn = BUILT_IN_BY_NAME.get(type);
        if (builtIn != null) {
            return builtIn;
        }
        Path version = deployedVersion(type)
                .orElseThrow(() -> new ConfigException(
                        "unknown element type '%s'; known types: %s".formatted(type, String.join(", ", allNames()))));
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(version.resolve("element.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new ConfigException("deployed element '%s' is damaged: %s".formatted(type, e.getMessage()));
        }
        String className = properties.getProperty("class");
        try {
            URL classes = version.resolve("classes").toUri().toURL();
            // Never closed: the classes stay in use for the life of the PM process.
            @SuppressWarnings("resource")
            URLClassLoader loader =
                    new URLClassLoader("deployed-" + type, new URL[] {classes}, ElementRegistry.class.getClassLoader());
            Class<?> loaded = Class.forName(className, true, loader);
            if (!Element.class.isAssignableFrom(loaded)) {
                throw new ConfigException("deployed type '%s' (%s) does not extend %s"
                        .formatted(type, className, Element.class.getName()));
            }
            return loaded.asSubclass(Element.class);
        } catch (MalformedURLException | ClassNotFoundException | LinkageError e) {
            throw new ConfigException("cannot load deployed element '%s' (%s): %s".formatted(type, className, e));
        }
    }
}
