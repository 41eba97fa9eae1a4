package org.flowstream.modulehost.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowstream.common.hotpatch.SourceCompiler;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.ElementRegistry;

/**
 * deploy_pm: compiles the Java source of a new element type with the JDK's compiler and installs the class
 * files where PM processes load element types from, so the next PM created can use the type: no restart.
 *
 * <p>The daemon only compiles: it never instantiates or initializes the class, so deployed code runs only
 * inside PM processes (their namespaces and cgroups). It reads the class's {@code @Signature} from the class
 * files in a throw-away loader ({@link DeployedSignature}) and keeps it beside them as {@code signature.json}. That the class is a public {@link Element} with a public
 * no-argument constructor is checked at compile time, by compiling a small probe that uses it that way.
 *
 * <p>Installation is versioned ({@code <Type>/v<N>/}) and switched by rewriting {@code <Type>/current}
 * atomically, so a PM starting during a redeploy sees either the old or the new version, never half of one.
 */
public final class ElementDeployer {

    private static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Za-z0-9_]{0,63}");
    private static final Pattern PACKAGE =
            Pattern.compile("^\\s*package\\s+([A-Za-z_][\\w.]*)\\s*;", Pattern.MULTILINE);

    /** The outcome: the compiler's messages when it failed, else the installed version directory. */
    public record Result(List<String> errors, Path version, String className) {
        public boolean succeeded() {
            return errors.isEmpty();
        }
    }

    /** The deployed type's signature, beside its classes, as {@link ElementSignature#toStruct} writes it. */
    static final String SIGNATURE_FILE = "signature.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final SourceCompiler compiler;

    public ElementDeployer(Path root, SourceCompiler compiler) {
        this.root = root;
        this.compiler = compiler;
    }

    public Path root() {
        return root;
    }

    public synchronized Result deploy(String name, String source) throws IOException {
        if (!TYPE_NAME.matcher(name).matches()) {
            return failed("pm_name '%s' must be a Java class name starting with a capital letter (letters, digits, _)"
                    .formatted(name));
        }
        if (ElementRegistry.isBuiltIn(name)) {
            return failed(
                    "'%s' is a built-in element and cannot be replaced; deploy under another name".formatted(name));
        }
        if (source == null || source.isBlank()) {
            return failed("pm_src is empty: send the Java source of a public class %s extending %s"
                    .formatted(name, Element.class.getName()));
        }
        Matcher pkg = PACKAGE.matcher(source);
        String packageName = pkg.find() ? pkg.group(1) : "";
        String className = packageName.isEmpty() ? name : packageName + "." + name;
        String label = name + ".java";
        String probeLabel = "deploy-check/FlowstreamDeployProbe_" + name + ".java";
        String probe = (packageName.isEmpty() ? "" : "package " + packageName + ";\n")
                + "final class FlowstreamDeployProbe_" + name + " {\n"
                + "    static " + Element.class.getName() + " make() { return new " + className + "(); }\n"
                + "}\n";
        SourceCompiler.Outcome outcome = compiler.compile(
                List.of(new SourceCompiler.Source(label, source), new SourceCompiler.Source(probeLabel, probe)));
        if (!outcome.succeeded()) {
            List<String> errors = new ArrayList<>();
            boolean probeFailed = false;
            for (String error : outcome.errors()) {
                if (error.startsWith(probeLabel)) {
                    probeFailed = true;
                } else {
                    errors.add(error);
                }
            }
            if (errors.isEmpty() && probeFailed) {
                errors.add(
                        "%s: error: the source must declare a public class %s that extends %s and has a public no-argument constructor"
                                .formatted(label, className, Element.class.getName()));
            }
            return new Result(errors, null, className);
        }
        Map<String, byte[]> classes = outcome.classesBySource().get(label);
        if (classes == null || !classes.containsKey(className)) {
            return failed("%s: error: the source compiled but declares no class %s (the class must be named as pm_name)"
                    .formatted(label, className));
        }
        ElementSignature signature;
        try {
            signature = DeployedSignature.read(name, className, classes);
        } catch (IllegalArgumentException e) {
            return failed("%s: error: %s".formatted(label, e.getMessage()));
        }
        return new Result(List.of(), install(name, className, source, classes, signature), className);
    }

    private Path install(
            String name, String className, String source, Map<String, byte[]> classes, ElementSignature signature)
            throws IOException {
        Path typeDir = root.resolve(name);
        Files.createDirectories(typeDir);
        int version = 1;
        while (Files.exists(typeDir.resolve("v" + version))) {
            version++;
        }
        Path staging = Files.createTempDirectory(typeDir, ".staging-");
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            Path file = staging.resolve("classes").resolve(entry.getKey().replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        Files.writeString(staging.resolve(name + ".java"), source);
        Properties properties = new Properties();
        properties.setProperty("class", className);
        properties.setProperty("deployed", Instant.now().toString());
        try (OutputStream out = Files.newOutputStream(staging.resolve("element.properties"))) {
            properties.store(out, "deployed element " + name);
        }
        JSON.writeValue(staging.resolve(SIGNATURE_FILE).toFile(), signature.toStruct());
        Path versionDir = typeDir.resolve("v" + version);
        Files.move(staging, versionDir, StandardCopyOption.ATOMIC_MOVE);
        Path current = typeDir.resolve("current.tmp");
        Files.writeString(current, versionDir.getFileName().toString());
        Files.move(
                current,
                typeDir.resolve("current"),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        return versionDir;
    }

    private static Result failed(String message) {
        return new Result(List.of(message), null, "");
    }
}
