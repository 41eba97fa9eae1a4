package org.flowstream.common.task;

import java.util.Optional;
import org.flowstream.common.auth.Role;

/**
 * What a call name resolves to (§3.1.1): a {@link Command}, which the caller waits for, or a {@link Task}, which
 * the scheduler runs later. Sources under tasks/ are one or the other; the hot-patch compiler refuses any other
 * class ({@link #problemWith}), so callers switch over the two cases and never cast.
 */
public sealed interface Operation {

    /** The snake_case name the operation was found under. */
    String name();

    /** The least role allowed to call it (see {@link Command#requiredRole()}). */
    Role requiredRole();

    /** The operation as something the scheduler can run: tasks as they are, commands wrapped. */
    Task asTask();

    /** A blocking operation: run_command and plain method calls answer with its ReturnValue. */
    record OfCommand(String name, Command command) implements Operation {
        @Override
        public Role requiredRole() {
            return command.requiredRole();
        }

        @Override
        public Task asTask() {
            return new CommandTask(name, command);
        }
    }

    /** An asynchronous operation: callers get a task id at once. */
    record OfTask(String name, Task task) implements Operation {
        @Override
        public Role requiredRole() {
            return task.requiredRole();
        }

        @Override
        public Task asTask() {
            return task;
        }
    }

    /** "command" or "task", as the operator's listing shows it. */
    default String kind() {
        return switch (this) {
            case OfCommand c -> "command";
            case OfTask t -> "task";
        };
    }

    /**
     * Why {@code type} cannot serve as an operation, or empty when it is exactly one of a command or a task.
     * Checked when a source is compiled, so a wrong source is refused with a message instead of failing at call
     * time.
     */
    static Optional<String> problemWith(Class<?> type) {
        boolean command = Command.class.isAssignableFrom(type);
        boolean task = Task.class.isAssignableFrom(type);
        if (command && task) {
            return Optional.of("%s is both a command and a task; make it one of the two (implement Command, or"
                            .formatted(type.getSimpleName())
                    + " extend Task)");
        }
        if (!command && !task) {
            return Optional.of("%s is neither a command nor a task: a command implements %s, a task extends %s"
                    .formatted(type.getSimpleName(), Command.class.getName(), Task.class.getName()));
        }
        return Optional.empty();
    }

    /**
     * Wraps a fresh instance of a class that passed {@link #problemWith}.
     *
     * @throws IllegalArgumentException for any other object
     */
    static Operation of(String name, Object instance) {
        return switch (instance) {
            case Command command when !(instance instanceof Task) -> new OfCommand(name, command);
            case Task task when !(instance instanceof Command) -> new OfTask(name, task);
            default ->
                throw new IllegalArgumentException(
                        problemWith(instance.getClass()).orElse(name + " is not a command or a task"));
        };
    }
}
