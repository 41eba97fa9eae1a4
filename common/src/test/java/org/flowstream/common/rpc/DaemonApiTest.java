package org.flowstream.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowstream.common.testing.TaskAwait;
import org.flowstream.common.testing.TestDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's XML-RPC surface, called over HTTP with Apache's Java client. */
class DaemonApiTest {

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

    @Test
    void everyMethodAnswersAReturnValueStruct() {
        Object raw = daemon.tenant().invoke("ping", "hi");
        assertThat(raw).isEqualTo(Map.of("code", 0, "message", "pong", "value", "hi"));
        Object voidAnswer = daemon.tenant().invoke("ping");
        assertThat(voidAnswer).isEqualTo(Map.of("code", 0, "message", "pong"));
    }

    @Test
    void listMethodsNamesBuiltInsAndTasks() {
        Object[] names = (Object[]) daemon.tenant().invoke("system.listMethods");
        assertThat(names)
                .contains("run_task", "get_task_result", "run_command", "ping", "upgrade", "compound", "list_tasks");
    }

    @Test
    void anUnknownMethodIsAFailureThatSaysWhereToLook() {
        ReturnValue answer = daemon.tenant().call("install_alocation", "x");
        assertThat(answer.isFailure()).isTrue();
        assertThat(answer.message())
                .contains("no task or command named 'install_alocation'")
                .contains("system.listMethods")
                .doesNotContain("/"); // no server paths
    }

    @Test
    void wrongParameterTypesGetAClearFailure() {
        ReturnValue answer = daemon.tenant().call("get_task_result", "seven");
        assertThat(answer.isFailure()).isTrue();
        assertThat(answer.message()).isEqualTo("get_task_result: task_id must be an int, got the string \"seven\"");
        ReturnValue priority = daemon.tenant().call("run_task", "ping", 1, "urgent");
        assertThat(priority.message()).contains("priority must be \"high\" or \"normal\"");
        ReturnValue upgrade = daemon.operator().call("upgrade", List.of("not", "a", "struct"));
        assertThat(upgrade.message()).contains("files must be a struct, got an array");
    }

    @Test
    void runCommandAndRunTaskReachTheSameCode() throws Exception {
        assertThat(daemon.tenant().call("run_command", "ping", 5).value()).isEqualTo(5);
        ReturnValue queued = daemon.tenant().call("run_task", "ping", 6, "high");
        assertThat(queued.code()).isEqualTo(ReturnValue.CODE_NOT_READY);
        ReturnValue done = TaskAwait.result(daemon.tenant(), (Integer) queued.value());
        assertThat(done.value()).isEqualTo(6);
    }

    @Test
    void compoundTaskOverXmlRpcStopsAtTheFirstFailingStep() throws Exception {
        daemon.writeTask("Refuse", """
                package org.flowstream.tasks.test;
                import org.flowstream.common.rpc.ReturnValue;
                import org.flowstream.common.task.*;
                public class Refuse implements Command {
                    public org.flowstream.common.auth.Role requiredRole() {
                        return org.flowstream.common.auth.Role.TENANT;
                    }
                    public ReturnValue run(Object param, CallContext context) {
                        return ReturnValue.failure("refused " + param);
                    }
                }
                """);
        ReturnValue queued = daemon.tenant()
                .call(
                        "run_task",
                        "compound",
                        List.of(List.of("ping", 1), List.of("refuse", "x"), List.of("ping", 3)),
                        "high");
        ReturnValue result = TaskAwait.result(daemon.tenant(), (Integer) queued.value());
        assertThat(result.isFailure()).isTrue();
        assertThat(result.message()).isEqualTo("step 2 of 3 (refuse) failed: refused x");
    }

    @Test
    void aTenantCannotSmuggleAnOperatorCommandThroughACompoundTask() throws Exception {
        ReturnValue queued =
                daemon.tenant().call("run_task", "compound", List.of(List.of("upgrade", Map.of())), "high");
        ReturnValue result = TaskAwait.result(daemon.tenant(), (Integer) queued.value());
        assertThat(result.message()).contains("upgrade is for operators");
    }

    @Test
    void wrongCredentialsAreRefusedBeforeAnythingRuns() {
        DaemonClient stranger = new DaemonClient(daemon.url(), TestDaemon.TENANT, "guess", 5000);
        ReturnValue answer = stranger.call("ping");
        assertThat(answer.isFailure()).isTrue();
        assertThat(answer.message()).contains("wrong user or password");
    }

    @Test
    void anUnreachableDaemonIsNamedInTheError() {
        DaemonClient nobody = new DaemonClient(java.net.URI.create("http://127.0.0.1:1/RPC2"), "", "", 2000);
        assertThatThrownBy(() -> nobody.call("ping"))
                .isInstanceOf(DaemonUnreachableException.class)
                .hasMessageContaining("127.0.0.1:1");
    }
}
