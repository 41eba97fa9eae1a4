package org.flowstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** submit, delete, migrate and scale take the same waiting options, with the same defaults, from one mixin. */
class WaitOptionsTest {

    private static WaitOptions parsed(String... args) {
        ParseResult result = FlowstreamCli.commandLine().parseArgs(args);
        Object command = result.subcommand().commandSpec().userObject();
        return switch (command) {
            case SubmitCommand c -> c.waiting;
            case DeleteCommand c -> c.waiting;
            case MigrateCommand c -> c.waiting;
            case ScaleCommand c -> c.waiting;
            default -> throw new AssertionError("not a waiting command: " + command);
        };
    }

    @Test
    void eachWaitingCommandWaitsTwoMinutesByDefault() {
        for (String[] args : List.of(
                new String[] {"submit", "a.click"},
                new String[] {"delete", "3"},
                new String[] {"migrate", "3", "nat", "mh2"},
                new String[] {"scale", "3", "out"})) {
            WaitOptions waiting = parsed(args);
            assertThat(waiting.waits()).as(args[0]).isTrue();
            assertThat(waiting.timeoutSeconds).as(args[0]).isEqualTo(120);
            assertThat(waiting.json).as(args[0]).isFalse();
        }
    }

    @Test
    void theOptionsMeanTheSameOnEach() {
        for (String command : List.of("submit a.click", "delete 3", "migrate 3 nat mh2", "scale 3 in")) {
            String[] args = (command + " --no-wait --timeout 5 --json").split(" ");
            WaitOptions waiting = parsed(args);
            assertThat(List.of(waiting.waits(), waiting.timeoutSeconds, waiting.json))
                    .as(command)
                    .containsExactly(false, 5, true);
        }
        CommandLine cli = FlowstreamCli.commandLine();
        assertThat(cli.getSubcommands().get("delete").getUsageMessage()).contains("--no-wait", "--timeout", "--json");
    }
}
