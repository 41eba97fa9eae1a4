package org.flowstream.common.hotpatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.flowstream.common.task.Operation;
import org.flowstream.common.task.TaskLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds tasks and commands by name at call time (§3.1.1 hot patching). The sources live in two tiers,
 * {@code <root>/common/} and {@code <root>/<daemon>/}; the daemon's own file wins over a common one of
 * the same name. Over the shipped tiers lies the daemon's {@link TaskOverlay} (in its state directory), where
 * upgrade writes: within each tier an overlay file wins over the shipped one, and the source tree is never
 * written. On every lookup the source file is stat'ed: a changed file is compiled again and the new
 * version serves this call; a file that does not compile is rejected with the compiler's messages and the
 * previous version stays active.
 */
public final class TaskRegistry implements TaskLookup {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRegistry.class);
    private static final long MAX_SOURCE_BYTES = 1 << 20;

    /** A source file's identity on disk: a different stamp means a different version. */
    private record Stamp(Path path, long modifiedNanos, long size) {}

    /** The version of a task currently serving calls. */
    private record Loaded(Stamp stamp, Class<?> type, int generation) {}

    /** Why a name could not be served; {@code operation} is set when it can. */
    public record Resolution(Operation operation, String problem) {
        public boolean found() {
            return operation != null;
        }
    }

    /** What the operator's listing shows of one task source. */
    public record Info(String name, String kind, String source, int generation, List<String> rejectedErrors) {}

    private final Path root;
    private final TaskOverlay overlay;
    private final String daemonName;
    private final SourceCompiler compiler;
    private final ClassLoader parent;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
    private final Map<String, Rejection> rejected = new ConcurrentHashMap<>();
    private int generations;

    private record Rejection(Stamp stamp, List<String> errors) {}

    /**
     * @param root    the shipped task directories (read only for the daemon)
     * @param overlay where upgrades go, over the shipped sources
     */
    public TaskRegistry(
            Path root, TaskOverlay overlay, String daemonName, SourceCompiler compiler, ClassLoader parent) {
        this.root = root.toAbsolutePath().normalize();
        this.overlay = overlay;
        this.daemonName = daemonName;
        this.compiler = compiler;
        this.parent = parent;
    }

    public Path root() {
        return root;
    }

    public TaskOverlay overlay() {
        return overlay;
    }

    /** The directories searched, most specific first: per tier, the overlay's before the shipped one. */
    public List<Path> directories() {
        return List.of(
                overlay.current().resolve(daemonName),
                root.resolve(daemonName),
                overlay.current().resolve("common"),
                root.resolve("common"));
    }

    @Override
    public Optional<Operation> find(String name) {
        return Optional.ofNullable(resolve(name).operation());
    }

    /** The current version of {@code name}, compiling it first when its source is new or changed. */
    public Resolution resolve(String name) {
        if (!TaskNames.isCallName(name)) {
            return new Resolution(
                    null, "'%s' is not a task or command name (lower case words joined by _)".formatted(name));
        }
        Optional<Stamp> stamp = locate(name);
        if (stamp.isEmpty()) {
            loaded.remove(name);
            // Callers learn what does not exist, not where the daemon keeps its sources.
            return new Resolution(
                    null,
                    "no task or command named '%s': it does not exist on this daemon; system.listMethods lists what it serves"
                            .formatted(name));
        }
        Loaded current = loaded.get(name);
        if (current == null || !current.stamp().equals(stamp.get())) {
            current = reload(name, stamp.get());
        }
        if (current == null) {
            Rejection why = rejected.get(name);
            return new Resolution(
                    null,
                    "'%s' does not compile: %s"
                            .formatted(name, why == null ? "unknown reason" : String.join("; ", why.errors())));
        }
        return instantiate(name, current);
    }

    private Optional<Stamp> locate(String name) {
        String fileName = TaskNames.toClassName(name) + ".java";
        for (Path dir : directories()) {
            Path file = dir.resolve(fileName);
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return Optional.of(new Stamp(
                        file,
                        attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                        attributes.size()));
            } catch (IOException missing) {
                // try the next tier
            }
        }
        return Optional.empty();
    }

    /** Compiles a changed source; on failure keeps the previous version (which may be none). */
    private synchronized Loaded reload(String name, Stamp stamp) {
        Loaded current = loaded.get(name);
        if (current != null && current.stamp().equals(stamp)) {
            return current; // another caller compiled it meanwhile
        }
        Rejection known = rejected.get(name);
        if (known != null && known.stamp().equals(stamp)) {
            return current;
        }
        String text;
        try {
            text = readSource(stamp.path());
        } catch (IOException e) {
            rejected.put(name, new Rejection(stamp, List.of("cannot read " + stamp.path() + ": " + e.getMessage())));
            return current;
        }
        List<String> errors = new ArrayList<>();
        Optional<Loaded> fresh = compileOne(name, label(stamp.path()), text, stamp, errors);
        if (fresh.isEmpty()) {
            rejected.put(name, new Rejection(stamp, errors));
            LOG.warn(
                    "rejected new source of {} ({}); {} stays active:\n  {}",
                    name,
                    stamp.path(),
                    current == null ? "no version" : "generation " + current.generation(),
                    String.join("\n  ", errors));
            return current;
        }
        rejected.remove(name);
        loaded.put(name, fresh.get());
        LOG.info("loaded {} generation {} from {}", name, fresh.get().generation(), stamp.path());
        return fresh.get();
    }

    private Optional<Loaded> compileOne(String name, String label, String text, Stamp stamp, List<String> errors) {
        SourceCompiler.Outcome outcome = compiler.compile(List.of(new SourceCompiler.Source(label, text)));
        if (!outcome.succeeded()) {
            errors.addAll(outcome.errors());
            return Optional.empty();
        }
        return define(name, label, outcome.classesBySource().get(label), stamp, errors);
    }

    private Optional<Loaded> define(
            String name, String label, Map<String, byte[]> classes, Stamp stamp, List<String> errors) {
        String simpleName = TaskNames.toClassName(name);
        String mainClass = classes.keySet().stream()
                .filter(c -> c.equals(simpleName) || c.endsWith("." + simpleName))
                .findFirst()
                .orElse(null);
        if (mainClass == null) {
            errors.add("%s: error: the file must declare a top-level class named %s".formatted(label, simpleName));
            return Optional.empty();
        }
        int generation;
        synchronized (this) {
            generation = ++generations;
        }
        try {
            ClassLoader loader = new GenerationClassLoader(name + "#" + generation, classes, parent);
            Class<?> type = Class.forName(mainClass, true, loader);
            Optional<String> notAnOperation = Operation.problemWith(type);
            if (notAnOperation.isPresent()) {
                errors.add("%s: error: %s".formatted(label, notAnOperation.get()));
                return Optional.empty();
            }
            type.getDeclaredConstructor(); // fail now, not at call time, when there is no no-argument constructor
            return Optional.of(new Loaded(stamp, type, generation));
        } catch (ReflectiveOperationException | LinkageError e) {
            errors.add("%s: error: cannot load %s: %s".formatted(label, mainClass, e));
            return Optional.empty();
        }
    }

    private Resolution instantiate(String name, Loaded version) {
        try {
            return new Resolution(
                    Operation.of(name, version.type().getDeclaredConstructor().newInstance()), null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return new Resolution(null, "cannot create %s: %s".formatted(name, e));
        }
    }

    /**
     * Replaces or adds task sources, as the common upgrade task does: every file must compile, or none is
     * written and the compiler's messages come back. The files go to the overlay all together or not at all
     * ({@link TaskOverlay#replace}), so a daemon never serves half an upgrade, even after a crash.
     *
     * @param files relative path ("common/Echo.java" or "&lt;daemon&gt;/Name.java") to source text
     * @return the compiler's or validator's messages; empty on success
     */
    public synchronized List<String> upgrade(Map<String, String> files) {
        List<String> errors = new ArrayList<>();
        Map<String, Path> targets = new LinkedHashMap<>();
        files.forEach((relative, text) -> validateTarget(relative, text)
                .ifPresentOrElse(
                        problem -> errors.add(relative + ": error: " + problem),
                        () -> targets.put(
                                relative, overlay.current().resolve(relative).normalize())));
        if (!errors.isEmpty()) {
            return errors;
        }
        List<SourceCompiler.Source> sources = files.entrySet().stream()
                .map(e -> new SourceCompiler.Source(e.getKey(), e.getValue()))
                .toList();
        SourceCompiler.Outcome outcome = compiler.compile(sources);
        if (!outcome.succeeded()) {
            return sources.size() == 1 ? outcome.errors() : errorsOfEach(sources);
        }
        Map<String, Loaded> fresh = new LinkedHashMap<>();
        for (Map.Entry<String, Path> target : targets.entrySet()) {
            String name = TaskNames.toCallName(
                    stripJava(target.getValue().getFileName().toString()));
            Optional<Loaded> version =
                    define(name, target.getKey(), outcome.classesBySource().get(target.getKey()), null, errors);
            version.ifPresent(v -> fresh.put(target.getKey(), v));
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        try {
            overlay.replace(files);
        } catch (IOException e) {
            return List.of("upgrade: error: cannot write the task overlay %s: %s; nothing changed"
                    .formatted(overlay.current(), e.getMessage()));
        }
        for (Map.Entry<String, Path> target : targets.entrySet()) {
            String name = TaskNames.toCallName(
                    stripJava(target.getValue().getFileName().toString()));
            Optional<Stamp> stamp = locate(name);
            Loaded version = fresh.get(target.getKey());
            if (stamp.isPresent() && stamp.get().path().equals(target.getValue())) {
                loaded.put(name, new Loaded(stamp.get(), version.type(), version.generation()));
                rejected.remove(name);
            }
        }
        return errors;
    }

    /**
     * The messages of every file of a failed batch. javac stops attributing once one file fails to parse, so the
     * batch's own messages may name only the first broken file; compiling each on its own (as it will be loaded:
     * a task never sees another task's classes) names every one.
     */
    private List<String> errorsOfEach(List<SourceCompiler.Source> sources) {
        List<String> errors = new ArrayList<>();
        for (SourceCompiler.Source source : sources) {
            errors.addAll(compiler.compile(List.of(source)).errors());
        }
        return errors.isEmpty() ? List.of("upgrade: error: the files do not compile together") : errors;
    }

    private Optional<String> validateTarget(String relative, String text) {
        String[] parts = relative.split("/"); // exactly "tier/Name.java": the overlay writes the key as given
        if (parts.length != 2 || !(parts[0].equals("common") || parts[0].equals(daemonName))) {
            return Optional.of("a task file goes to common/<Name>.java or " + daemonName + "/<Name>.java");
        }
        if (!parts[1].endsWith(".java") || !TaskNames.isClassName(stripJava(parts[1]))) {
            return Optional.of("the file name must be a Java class name ending in .java, like InstallAllocation.java");
        }
        if (text == null || text.length() > MAX_SOURCE_BYTES) {
            return Optional.of("the source must be a string of at most " + MAX_SOURCE_BYTES + " characters");
        }
        return Optional.empty();
    }

    /**
     * Compiles every source now, so that the first call does not wait for the compiler. All files go to the
     * compiler in one run (much faster than one run each); if any of them is broken, each file is compiled on
     * its own so the good ones still load.
     */
    public synchronized void preload() {
        Map<String, Stamp> stamps = new LinkedHashMap<>();
        List<SourceCompiler.Source> sources = new ArrayList<>();
        for (String name : names()) {
            Optional<Stamp> stamp = locate(name);
            if (stamp.isEmpty()) {
                continue;
            }
            try {
                sources.add(new SourceCompiler.Source(
                        label(stamp.get().path()), readSource(stamp.get().path())));
                stamps.put(name, stamp.get());
            } catch (IOException e) {
                rejected.put(
                        name,
                        new Rejection(
                                stamp.get(),
                                List.of("cannot read " + stamp.get().path() + ": " + e.getMessage())));
            }
        }
        SourceCompiler.Outcome outcome = compiler.compile(sources);
        if (outcome.succeeded()) {
            stamps.forEach((name, stamp) -> {
                List<String> errors = new ArrayList<>();
                define(name, label(stamp.path()), outcome.classesBySource().get(label(stamp.path())), stamp, errors)
                        .ifPresentOrElse(
                                v -> loaded.put(name, v), () -> rejected.put(name, new Rejection(stamp, errors)));
            });
        }
        for (String name : stamps.keySet()) {
            resolve(name); // compiles one by one whatever the batch did not load
        }
    }

    /** Every name the task directories serve, sorted. */
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (Path dir : directories()) {
            try (Stream<Path> files = Files.list(dir)) {
                files.map(f -> f.getFileName().toString())
                        .filter(f -> f.endsWith(".java") && TaskNames.isClassName(stripJava(f)))
                        .forEach(f -> names.add(TaskNames.toCallName(stripJava(f))));
            } catch (IOException missingDirectory) {
                // a tier may be absent
            }
        }
        return List.copyOf(names);
    }

    /** The operator's view: every task with its kind, source, version and last rejection. */
    public List<Info> describe() {
        List<Info> infos = new ArrayList<>();
        for (String name : names()) {
            Resolution r = resolve(name);
            Loaded version = loaded.get(name);
            Rejection why = rejected.get(name);
            String kind = r.found() ? r.operation().kind() : "broken";
            infos.add(new Info(
                    name,
                    kind,
                    version == null ? "" : version.stamp().path().toString(),
                    version == null ? 0 : version.generation(),
                    why == null ? List.of() : why.errors()));
        }
        return infos;
    }

    /** "common/Name.java" or "<daemon>/Name.java", wherever the file lies. */
    private String label(Path file) {
        return file.getParent().getFileName() + "/" + file.getFileName();
    }

    private static String stripJava(String fileName) {
        return fileName.endsWith(".java") ? fileName.substring(0, fileName.length() - 5) : fileName;
    }

    private static String readSource(Path file) throws IOException {
        if (Files.size(file) > MAX_SOURCE_BYTES) {
            throw new IOException("larger than " + MAX_SOURCE_BYTES + " bytes");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
