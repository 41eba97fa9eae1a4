package org.flowstream.tasks.resource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.allocation.InstallPauses;

/**
 * pause_installs({steps: [step, ...], seconds: int}) (operators): a crash-test hook. Every install holds before
 * each named step ("place", "start PMs", "record PMs", "install rules", "activate") until pause_installs({steps: []}) lifts
 * it or the seconds (at most 300) are up, so a test can kill a daemon or a PM at that point; a move
 * (migrate_flows) likewise before "move: start PM", "move: freeze" (total copy), "move: idle phase" (phased),
 * "move: copy state", "move: rewire the switch"
 * and "move: hand over". Kept in memory only: a restarted resource daemon pauses nothing.
 */
public class PauseInstalls implements Command {

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        Map<String, Object> pause = Params.struct(param, "pause");
        // A misspelt key must not read as "pause nowhere": only the two documented keys, and steps always given.
        for (String key : pause.keySet()) {
            if (!key.equals("steps") && !key.equals("seconds")) {
                throw new BadParameterException("pause: unknown key '" + key + "'; give {steps: [...], seconds: n}");
            }
        }
        if (!pause.isEmpty() && !pause.containsKey("steps")) {
            throw new BadParameterException("pause: give steps: [...] (an empty list lifts every pause)");
        }
        List<String> steps = Params.array(pause.getOrDefault("steps", new Object[0]), "pause.steps").stream()
                .map(s -> Params.string(s, "pause.steps[]"))
                .toList();
        int seconds = pause.containsKey("seconds") ? Params.integer(pause.get("seconds"), "pause.seconds") : 120;
        InstallPauses pauses =
                context.daemon(ResourceDaemon.class).allocations().pauses();
        try {
            pauses.set(steps, Duration.ofSeconds(seconds));
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("pause: " + e.getMessage());
        }
        return steps.isEmpty()
                ? ReturnValue.success("installs pause nowhere", List.of())
                : ReturnValue.success(
                        "installs hold before %s for at most %d s".formatted(String.join(", ", steps), seconds),
                        List.copyOf(pauses.current()));
    }

    @Override
    public String description() {
        return "pause_installs({steps: [place|start PMs|record PMs|install rules|activate|move: STEP], seconds}) -> the paused steps (crash tests)";
    }
}
