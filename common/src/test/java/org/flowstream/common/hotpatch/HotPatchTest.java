package org.flowstream.common.hotpatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.TaskAwait;
import org.flowstream.common.testing.TestDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot patching through a running daemon: sources changed on disk or sent with upgrade take effect at the next call. */
class HotPatchTest {

    @TempDir
    static Path dir;

    static TestDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        daemon = TestDaemon.start(dir);
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    static String greeter(String className, String greeting) {
        return """
                package org.flowstream.tasks.test;
                import org.flowstream.common.rpc.ReturnValue;
                import org.flowstream.common.task.*;
                public class %s implements Command {
                    public ReturnValue run(Object param, CallContext context) {
                        return ReturnValue.success("%s", null);
                    }
                }
                """.formatted(className, greeting);
    }

    @Test
    void aNewSourceFileServesTheNextCallAndAChangedOneReplacesIt() throws Exception {
        DaemonClient client = daemon.operator();
        assertThat(client.call("greet").message()).contains("no task or command named 'greet'");
        daemon.writeTask("Greet", greeter("Greet", "hello"));
        assertThat(client.call("greet").message()).isEqualTo("hello");
        daemon.writeTask("Greet", greeter("Greet", "bonjour, version two"));
        assertThat(client.call("greet").message()).isEqualTo("bonjour, version two");
    }

    @Test
    void aBrokenSourceIsRejectedWithTheCompilersMessagesAndTheOldVersionStays() throws Exception {
        DaemonClient client = daemon.operator();
        daemon.writeTask("Steady", greeter("Steady", "v1"));
        assertThat(client.call("steady").message()).isEqualTo("v1");
        daemon.writeTask("Steady", greeter("Steady", "v2").replace("return", "retur"));
        assertThat(client.call("steady").message()).isEqualTo("v1");
        assertThat(daemon.tasks().describe())
                .filteredOn(i -> i.name().equals("steady"))
                .singleElement()
                .satisfies(info ->
                        assertThat(String.join("\n", info.rejectedErrors())).contains("test/Steady.java:"));
    }

    @Test
    void aRunningTaskFinishesOnTheVersionItStartedWith() throws Exception {
        Path gate = dir.resolve("gate");
        String slow = """
                package org.flowstream.tasks.test;
                import java.nio.file.*;
                import org.flowstream.common.rpc.ReturnValue;
                import org.flowstream.common.task.*;
                public class Slow extends Task {
                    public ReturnValue runTask(Object param, TaskContext context) throws Exception {
                        Path gate = Path.of((String) param);
                        for (int i = 0; i < 3000 && !Files.exists(gate); i++) Thread.sleep(10);
                        return ReturnValue.success("%s", null);
                    }
                }
                """;
        daemon.writeTask("Slow", slow.formatted("old version"));
        DaemonClient client = daemon.operator();
        int first = (Integer)
                client.call("run_task", "slow", gate.toString(), "high").value();
        awaitRunning(client, first);
        daemon.writeTask("Slow", slow.formatted("new version"));
        Files.writeString(gate, "open");
        assertThat(TaskAwait.result(client, first).message()).isEqualTo("old version");
        int second = (Integer)
                client.call("run_task", "slow", gate.toString(), "high").value();
        assertThat(TaskAwait.result(client, second).message()).isEqualTo("new version");
    }

    @Test
    void upgradeIsForOperatorsCompilesFirstAndWritesAtomically() throws Exception {
        Map<String, String> good = Map.of("test/Upgraded.java", greeter("Upgraded", "shipped by upgrade"));
        ReturnValue refused = daemon.tenant().call("upgrade", good);
        assertThat(refused.isFailure()).isTrue();
        assertThat(refused.message()).contains("for operators");
        assertThat(Files.exists(daemon.tasks().root().resolve("test/Upgraded.java")))
                .isFalse();

        ReturnValue broken = daemon.operator().call("upgrade", Map.of("test/Upgraded.java", "class Upgraded {"));
        assertThat(broken.isFailure()).isTrue();
        assertThat(broken.message()).contains("test/Upgraded.java:1:").contains("nothing changed");
        assertThat(Files.exists(daemon.tasks().root().resolve("test/Upgraded.java")))
                .isFalse();

        assertThat(daemon.operator().call("upgrade", good).isSuccess()).isTrue();
        assertThat(daemon.operator().call("upgraded").message()).isEqualTo("shipped by upgrade");
        // in the daemon's overlay, not in the shipped task directories
        assertThat(Files.readString(daemon.tasks().overlay().current().resolve("test/Upgraded.java")))
                .contains("shipped by upgrade");
        assertThat(Files.exists(daemon.tasks().root().resolve("test/Upgraded.java")))
                .isFalse();
    }

    @Test
    void aBatchUpgradeReplacesEveryFileOrNoneAndNamesEachBrokenFile() throws Exception {
        DaemonClient operator = daemon.operator();
        assertThat(operator.call(
                                "upgrade",
                                Map.of(
                                        "test/First.java", greeter("First", "first v1"),
                                        "test/Second.java", greeter("Second", "second v1")))
                        .isSuccess())
                .isTrue();

        Map<String, String> mixed = new java.util.LinkedHashMap<>();
        mixed.put("test/First.java", greeter("First", "first v2"));
        mixed.put(
                "test/Second.java",
                greeter("Second", "second v2").replace("ReturnValue.success", "ReturnValue.nosuch"));
        mixed.put("test/Third.java", "class Third {");
        ReturnValue rejected = operator.call("upgrade", mixed);
        assertThat(rejected.isFailure()).isTrue();
        assertThat(rejected.message())
                .contains("nothing changed")
                .contains("test/Second.java:6:")
                .contains("test/Third.java:1:")
                .doesNotContain("test/First.java:");
        // the good file of the batch did not go in either
        assertThat(operator.call("first").message()).isEqualTo("first v1");
        assertThat(operator.call("second").message()).isEqualTo("second v1");
        assertThat(operator.call("third").message()).contains("no task or command named 'third'");
        assertThat(Files.readString(daemon.tasks().overlay().current().resolve("test/First.java")))
                .contains("first v1");
    }

    @Test
    void aSourceThatIsNeitherACommandNorATaskIsRefusedInWords() throws Exception {
        String neither = """
                package org.flowstream.tasks.test;
                public class Neither {
                }
                """;
        ReturnValue refused = daemon.operator().call("upgrade", Map.of("test/Neither.java", neither));
        assertThat(refused.isFailure()).isTrue();
        assertThat(refused.message())
                .contains("test/Neither.java: error: Neither is neither a command nor a task")
                .contains("a command implements org.flowstream.common.task.Command");
        daemon.writeTask("Neither", neither);
        assertThat(daemon.operator().call("neither").message())
                .contains("'neither' does not compile")
                .contains("is neither a command nor a task");
    }

    @Test
    void anUpgradedFileWinsOverTheShippedOneAndOutlivesARestart() throws Exception {
        Path shipped = daemon.writeTask("Motto", greeter("Motto", "as shipped"));
        assertThat(daemon.operator().call("motto").message()).isEqualTo("as shipped");
        assertThat(daemon.operator()
                        .call("upgrade", Map.of("test/Motto.java", greeter("Motto", "as upgraded")))
                        .isSuccess())
                .isTrue();
        assertThat(daemon.operator().call("motto").message()).isEqualTo("as upgraded");
        assertThat(Files.readString(shipped)).contains("as shipped");

        daemon.close();
        daemon = TestDaemon.start(daemon.config());
        assertThat(daemon.operator().call("motto").message()).isEqualTo("as upgraded");
    }

    @Test
    void upgradeRefusesPathsOutsideTheTaskDirectories() {
        ReturnValue escape = daemon.operator().call("upgrade", Map.of("../../evil/Evil.java", greeter("Evil", "x")));
        assertThat(escape.isFailure()).isTrue();
        assertThat(escape.message()).contains("a task file goes to common/<Name>.java or test/<Name>.java");
        ReturnValue otherDaemon = daemon.operator().call("upgrade", Map.of("resource/Evil.java", greeter("Evil", "x")));
        assertThat(otherDaemon.isFailure()).isTrue();
    }

    private static void awaitRunning(DaemonClient client, int id) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            if (client.call("get_task_result", id).message().contains("is running")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("task " + id + " never started");
    }
}
