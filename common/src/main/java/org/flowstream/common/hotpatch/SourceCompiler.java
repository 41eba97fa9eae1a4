package org.flowstream.common.hotpatch;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources in memory with the JDK's own compiler, against the daemon's class path. Each source
 * file's classes are kept apart, so that every task can get a class loader (a generation) of its own.
 */
public final class SourceCompiler {

    /** A source to compile: {@code label} names it in messages (e.g. "resource/InstallAllocation.java"). */
    public record Source(String label, String text) {}

    /** Classes produced per source label, or the compiler's messages when anything failed. */
    public record Outcome(Map<String, Map<String, byte[]>> classesBySource, List<String> errors) {
        public boolean succeeded() {
            return errors.isEmpty();
        }
    }

    private final JavaCompiler compiler;
    private final String classPath;

    /** Compiles against the running program's class path, as a daemon does. */
    public SourceCompiler() {
        this(System.getProperty("java.class.path", ""));
    }

    public SourceCompiler(String classPath) {
        this.compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException(
                    "no Java compiler in this runtime: run the daemons on a JDK (Temurin 25), not a JRE");
        }
        this.classPath = classPath;
    }

    /** Compiles all sources together; the classes of each come back under its label. */
    public synchronized Outcome compile(List<Source> sources) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, Map<String, byte[]>> output = new LinkedHashMap<>();
        List<InMemorySource> units = sources.stream().map(InMemorySource::new).toList();
        units.forEach(unit -> output.put(unit.label, new LinkedHashMap<>()));
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null);
        try (CollectingFileManager files = new CollectingFileManager(standard, output)) {
            List<String> options = List.of("-classpath", classPath, "-proc:none", "-Xlint:none", "-g", "-parameters");
            Boolean ok = compiler.getTask(null, files, diagnostics, options, null, units)
                    .call();
            List<String> errors = errorsOf(diagnostics);
            if (!Boolean.TRUE.equals(ok) && errors.isEmpty()) {
                errors = List.of("the compiler failed without a message");
            }
            return new Outcome(errors.isEmpty() ? output : Map.of(), errors);
        } catch (Exception e) {
            return new Outcome(Map.of(), List.of("the compiler failed: " + e));
        }
    }

    private static List<String> errorsOf(DiagnosticCollector<JavaFileObject> diagnostics) {
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                String where = d.getSource() instanceof InMemorySource s ? s.label : "?";
                errors.add("%s:%d:%d: error: %s"
                        .formatted(where, d.getLineNumber(), d.getColumnNumber(), d.getMessage(Locale.ROOT)));
            }
        }
        return errors;
    }

    private static final class InMemorySource extends SimpleJavaFileObject {
        private final String label;
        private final String text;

        InMemorySource(Source source) {
            super(URI.create("string:///" + source.label().replace('\\', '/')), Kind.SOURCE);
            this.label = source.label();
            this.text = source.text();
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** Catches the class files javac writes and files them under the source they came from. */
    private static final class CollectingFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, Map<String, byte[]>> output;
        private final Map<String, String> labelByUri = new HashMap<>();

        CollectingFileManager(StandardJavaFileManager delegate, Map<String, Map<String, byte[]>> output) {
            super(delegate);
            this.output = output;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(
                Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
            String label = sibling instanceof InMemorySource s
                    ? s.label
                    : labelByUri.getOrDefault(String.valueOf(sibling), "");
            Map<String, byte[]> classes = output.computeIfAbsent(label, k -> new LinkedHashMap<>());
            return new SimpleJavaFileObject(URI.create("bytes:///" + className.replace('.', '/') + ".class"), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            classes.put(className, toByteArray());
                        }
                    };
                }
            };
        }
    }
}
