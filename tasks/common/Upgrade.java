package org.flowstream.tasks.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.common.auth.Role;
import org.flowstream.common.daemon.Daemon;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;

/**
 * upgrade(files): replaces or adds task and command sources in the running daemon (§3.1.1). The struct maps
 * "common/Name.java" or "&lt;daemon&gt;/Name.java" to Java source. Either every file compiles and is written,
 * or nothing changes and the compiler's messages come back.
 */
public class Upgrade implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        Map<String, Object> files = Params.struct(param, "files");
        if (files.isEmpty()) {
            return ReturnValue.failure("upgrade needs at least one file: {\"common/Name.java\": \"source\"}");
        }
        Map<String, String> sources = new LinkedHashMap<>();
        files.forEach((path, text) -> sources.put(path, Params.string(text, "the source of " + path)));
        List<String> errors = context.daemon(Daemon.class).tasks().upgrade(sources);
        if (!errors.isEmpty()) {
            return ReturnValue.failure("upgrade rejected, nothing changed:\n" + String.join("\n", errors), errors);
        }
        return ReturnValue.success("upgraded " + String.join(", ", sources.keySet()), List.copyOf(sources.keySet()));
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }

    @Override
    public String description() {
        return "upgrade({path: source}) -> the files written; operators only";
    }
}
