package org.flowstream.common.daemon;

import java.util.List;
import java.util.Optional;
import org.flowstream.common.auth.Caller;
import org.flowstream.common.hotpatch.TaskRegistry;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.Command;
import org.flowstream.common.task.Failures;
import org.flowstream.common.task.Operation;
import org.flowstream.common.task.Priority;
import org.flowstream.common.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an XML-RPC call into a command or task run (§3.1.1). The few built-in methods are the dispatch
 * mechanism itself; every other method name is looked up in the task directories at call time, which is
 * what makes hot patching work. Every answer is a ReturnValue struct, failures included. Who may call what is
 * the daemon's {@link org.flowstream.common.auth.AccessPolicy}, asked before anything runs.
 */
final class MethodDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(MethodDispatcher.class);

    static final List<String> BUILT_IN = List.of("run_task", "get_task_result", "run_command", "system.listMethods");

    private final Daemon daemon;

    MethodDispatcher(Daemon daemon) {
        this.daemon = daemon;
    }

    Object call(String method, List<Object> params, Caller caller) {
        Optional<String> refused = daemon.accessPolicy().refusal(caller);
        if (refused.isPresent()) {
            return ReturnValue.failure(refused.get()).toStruct();
        }
        if ("system.listMethods".equals(method)) {
            return daemon.methodNames().toArray();
        }
        ReturnValue answer;
        try {
            answer = switch (method) {
                case "run_task" -> runTaskCall(params, caller);
                case "get_task_result" -> {
                    Params.list(params, 1, "task_id");
                    yield daemon.taskResult(Params.integer(params.get(0), "task_id"), caller);
                }
                case "run_command" -> {
                    if (params.isEmpty() || params.size() > 2) {
                        throw new BadParameterException("run_command takes (name, param)");
                    }
                    yield runCommand(
                            Params.string(params.get(0), "name"), params.size() > 1 ? params.get(1) : null, caller);
                }
                default -> runCommand(method, pack(params), caller);
            };
        } catch (BadParameterException e) {
            answer = ReturnValue.failure(method + ": " + e.getMessage());
        }
        return answer.toStruct();
    }

    private ReturnValue runTaskCall(List<Object> params, Caller caller) {
        if (params.isEmpty() || params.size() > 3) {
            throw new BadParameterException("run_task takes (name, param, priority)");
        }
        Priority priority;
        try {
            priority = Priority.parse(params.size() > 2 ? params.get(2) : null);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(e.getMessage());
        }
        return runTask(
                Params.string(params.get(0), "name"), params.size() > 1 ? params.get(1) : null, priority, caller);
    }

    /** Several XML-RPC parameters reach a command as one list (§3.1.1: one parameter packs them all). */
    private static Object pack(List<Object> params) {
        return switch (params.size()) {
            case 0 -> null;
            case 1 -> params.get(0);
            default -> params;
        };
    }

    ReturnValue runCommand(String name, Object param, Caller caller) {
        TaskRegistry.Resolution found = daemon.tasks().resolve(name);
        if (!found.found()) {
            return ReturnValue.failure(found.problem());
        }
        return switch (found.operation()) {
            case Operation.OfTask task -> submit(task.task(), name, param, Priority.NORMAL, caller);
            case Operation.OfCommand command -> runNow(command.command(), name, param, caller);
        };
    }

    private ReturnValue runNow(Command command, String name, Object param, Caller caller) {
        Optional<String> refused = daemon.accessPolicy().refusal(caller, name, command.requiredRole());
        if (refused.isPresent()) {
            return ReturnValue.failure(refused.get());
        }
        try {
            ReturnValue result = command.run(param, new DaemonCallContext(daemon, caller));
            return result == null ? ReturnValue.success() : result;
        } catch (BadParameterException e) {
            return ReturnValue.failure(name + ": " + e.getMessage());
        } catch (Exception | LinkageError | StackOverflowError e) {
            LOG.warn("command {} failed", name, e);
            return ReturnValue.failure("%s failed: %s".formatted(name, Failures.describe(e)));
        }
    }

    ReturnValue runTask(String name, Object param, Priority priority, Caller caller) {
        TaskRegistry.Resolution found = daemon.tasks().resolve(name);
        if (!found.found()) {
            return ReturnValue.failure(found.problem());
        }
        return submit(found.operation().asTask(), name, param, priority, caller);
    }

    private ReturnValue submit(Task task, String name, Object param, Priority priority, Caller caller) {
        Optional<String> refused = daemon.accessPolicy().refusal(caller, name, task.requiredRole());
        if (refused.isPresent()) {
            return ReturnValue.failure(refused.get());
        }
        return daemon.scheduler().submit(task, param, priority, new DaemonCallContext(daemon, caller));
    }
}
