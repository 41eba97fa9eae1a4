package org.flowstream.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flowstream.common.hotpatch.GenerationClassLoader;
import org.flowstream.common.hotpatch.SourceCompiler;
import org.flowstream.common.hotpatch.TaskNames;
import org.flowstream.common.task.Operation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every task source must work the way a daemon loads it: compiled on its own (a task file may use the daemon
 * modules but never another task file), with a public class named after the file that is a Command or a Task
 * and has a no-argument constructor. Maven compiles them all together, which would hide such mistakes.
 */
class TaskSourcesTest {

    static final Path TASKS = Path.of("").toAbsolutePath();

    static Stream<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(TASKS, 2)) {
            return files
                    .filter(f -> f.toString().endsWith(".java") && !f.startsWith(TASKS.resolve("src")))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    /** The test's class path minus this module's own output, where the other task files are compiled. */
    static String classPathWithoutTheTasksThemselves() {
        return Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().startsWith(TASKS))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void compilesAloneAndIsACommandOrATask(Path file) throws Exception {
        String label = TASKS.relativize(file).toString();
        String className = file.getFileName().toString().replace(".java", "");
        assertThat(TaskNames.isClassName(className)).as("file name of " + label).isTrue();
        assertThat(TaskNames.toClassName(TaskNames.toCallName(className)))
                .as("call name round trip of " + label)
                .isEqualTo(className);

        SourceCompiler.Outcome outcome = new SourceCompiler(classPathWithoutTheTasksThemselves())
                .compile(List.of(new SourceCompiler.Source(label, Files.readString(file))));
        assertThat(outcome.errors()).as(label + " compiled alone").isEmpty();

        Map<String, byte[]> classes = outcome.classesBySource().get(label);
        String main = classes.keySet().stream()
                .filter(c -> c.endsWith("." + className))
                .findFirst()
                .orElseThrow();
        // loaded as the daemons load a task: one generation of its classes
        Class<?> type = new GenerationClassLoader(label, classes, getClass().getClassLoader()).loadClass(main);
        assertThat(Operation.problemWith(type))
                .as(label + " is exactly one of a Command or a Task")
                .isEmpty();
        assertThat(Operation.of(
                        TaskNames.toCallName(className),
                        type.getDeclaredConstructor().newInstance()))
                .isNotNull();
    }
}
