package org.flowstream.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flowstream.common.bench.SlowClients;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.testing.TestDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front door under abuse, against a real daemon over real sockets: slow clients, crowds, clients that
 * never authenticate. Clients come from several loopback addresses (127.0.0.2, ...) so that the cap per
 * client address is exercised as on a network.
 */
class FrontDoorTest {

    private static final String TENANT_AUTH = RawHttpClient.basic(TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD);

    @TempDir
    Path dir;

    private static String sourceAddress(int client) {
        return "127.0.0." + (2 + client % 10);
    }

    @Test
    void pingIsAnsweredWhileTwoHundredSlowConnectionsAreHeld() throws Exception {
        DaemonConfig config =
                TestDaemon.config(dir); // server.threads 32, as when 32 slow connections froze the JDK server
        config.server.headerTimeoutMillis = 600_000; // longer than the test: the slow connections stay held throughout
        config.server.bodyTimeoutMillis = 600_000;
        try (TestDaemon daemon = TestDaemon.start(config);
                SlowClients slow = SlowClients.hold(daemon.port(), 200, TENANT_AUTH);
                ExecutorService caller = Executors.newSingleThreadExecutor()) {
            Future<ReturnValue> ping = caller.submit(() -> daemon.tenant().call("ping", "through"));
            assertThat(ping.get(60, TimeUnit.SECONDS).value()).isEqualTo("through");
            assertThat(slow.allStillOpen())
                    .as("the 200 slow connections are still held, unanswered")
                    .isTrue();
        }
    }

    @Test
    void fiveHundredConcurrentClientsAreAllAnswered() throws Exception {
        try (TestDaemon daemon = TestDaemon.start(TestDaemon.config(dir));
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch allConnected = new CountDownLatch(500);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int client = i;
                answers.add(clients.submit(() -> {
                    try (RawHttpClient connection = new RawHttpClient(sourceAddress(client), daemon.port())) {
                        allConnected.countDown();
                        allConnected.await();
                        return connection
                                .send(RawHttpClient.post(TENANT_AUTH, RawHttpClient.pingCall("client-" + client)))
                                .readAnswer();
                    }
                }));
            }
            for (int i = 0; i < 500; i++) {
                assertThat(answers.get(i).get(120, TimeUnit.SECONDS))
                        .startsWith("HTTP/1.1 200")
                        .contains("client-" + i + "</");
            }
        }
    }

    @Test
    void slowHeadersSlowBodiesAndTricklingClientsAreCutOffWith408() throws Exception {
        DaemonConfig config = TestDaemon.config(dir);
        config.server.headerTimeoutMillis = 300;
        config.server.bodyTimeoutMillis = 300;
        try (TestDaemon daemon = TestDaemon.start(config);
                RawHttpClient slowHeaders = new RawHttpClient("127.0.0.2", daemon.port());
                RawHttpClient slowBody = new RawHttpClient("127.0.0.3", daemon.port());
                RawHttpClient trickle = new RawHttpClient("127.0.0.4", daemon.port());
                ExecutorService trickler = Executors.newSingleThreadExecutor()) {
            slowHeaders.send("POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            slowBody.send(RawHttpClient.headers(TENANT_AUTH, 100) + "<?xml");
            // Never idle, never done: one header byte every 50 ms. Only a deadline stops this client.
            trickler.submit(() -> {
                for (char c : "POST /RPC2 HTTP/1.1\r\nX-Padding: "
                        .concat("a".repeat(10_000))
                        .toCharArray()) {
                    trickle.send(String.valueOf(c));
                    Thread.sleep(50);
                }
                return null;
            });
            assertThat(slowHeaders.readAnswer())
                    .startsWith("HTTP/1.1 408")
                    .contains("headers did not arrive within 300 ms");
            assertThat(slowBody.readAnswer()).startsWith("HTTP/1.1 408").contains("body did not arrive within 300 ms");
            assertThat(trickle.readAnswer()).startsWith("HTTP/1.1 408").contains("headers did not arrive");
            assertThat(daemon.tenant().call("ping", "after").value()).isEqualTo("after");
        }
    }

    @Test
    void connectionsOverThePerClientCapAreTurnedAwayAndOtherClientsAreServed() throws Exception {
        DaemonConfig config = TestDaemon.config(dir);
        config.server.maxConnectionsPerClient = 4;
        config.server.headerTimeoutMillis = 2_000; // the admitted silent connections end with 408
        try (TestDaemon daemon = TestDaemon.start(config)) {
            List<String> answers = silentConnectionsAnswers(daemon, 6, i -> "127.0.0.20", () -> {
                assertThat(daemon.tenant().call("ping", "other client").value()).isEqualTo("other client");
            });
            assertThat(answers).filteredOn(a -> a.startsWith("HTTP/1.1 408")).hasSize(4);
            assertThat(answers)
                    .filteredOn(a -> a.startsWith("HTTP/1.1 503"))
                    .hasSize(2)
                    .allSatisfy(a -> assertThat(a).contains("too many connections from 127.0.0.20: at most 4"));
        }
    }

    @Test
    void connectionsWithoutCredentialsAreCappedAltogether() throws Exception {
        DaemonConfig config = TestDaemon.config(dir);
        config.server.maxUnauthenticatedConnections = 4;
        config.server.headerTimeoutMillis = 2_000;
        try (TestDaemon daemon = TestDaemon.start(config)) {
            List<String> answers = silentConnectionsAnswers(daemon, 6, FrontDoorTest::sourceAddress, () -> {});
            assertThat(answers).filteredOn(a -> a.startsWith("HTTP/1.1 408")).hasSize(4);
            assertThat(answers)
                    .filteredOn(a -> a.startsWith("HTTP/1.1 503"))
                    .hasSize(2)
                    .allSatisfy(a -> assertThat(a).contains("too many connections without credentials: at most 4"));
            assertThat(daemon.tenant().call("ping", "later").value()).isEqualTo("later");
        }
    }

    @Test
    void wrongCredentialsAreRefusedFromTheHeadersBeforeAnyBodyIsSent() throws Exception {
        try (TestDaemon daemon = TestDaemon.start(TestDaemon.config(dir));
                RawHttpClient client = new RawHttpClient("127.0.0.2", daemon.port())) {
            String answer = client.send(RawHttpClient.headers(RawHttpClient.basic(TestDaemon.TENANT, "guess"), 100))
                    .readAnswer();
            assertThat(answer)
                    .startsWith("HTTP/1.1 401 wrong user or password")
                    .containsIgnoringCase("WWW-Authenticate: Basic");
        }
    }

    @Test
    void whenEveryWorkerIsBusyAndTheQueueIsFullNewRequestsGet503() throws Exception {
        DaemonConfig config = TestDaemon.config(dir);
        config.server.threads = 1;
        config.server.backlog = 1;
        try (TestDaemon daemon = TestDaemon.start(config);
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            daemon.writeTask("Nap", """
                    package org.flowstream.tasks.test;
                    import org.flowstream.common.rpc.ReturnValue;
                    import org.flowstream.common.task.*;
                    public class Nap implements Command {
                        public ReturnValue run(Object param, CallContext context) throws Exception {
                            Thread.sleep(1000);
                            return ReturnValue.success("rested");
                        }
                    }
                    """);
            assertThat(daemon.operator().call("nap").value()).isEqualTo("rested"); // compiled before the crowd comes
            String operatorAuth = RawHttpClient.basic(TestDaemon.OPERATOR, TestDaemon.OPERATOR_PASSWORD);
            String nap =
                    "<?xml version=\"1.0\"?><methodCall><methodName>nap</methodName><params></params></methodCall>";
            List<Future<String>> answers = new ArrayList<>();
            CountDownLatch allConnected = new CountDownLatch(4);
            for (int i = 0; i < 4; i++) {
                int client = i;
                answers.add(clients.submit(() -> {
                    try (RawHttpClient connection = new RawHttpClient(sourceAddress(client), daemon.port())) {
                        allConnected.countDown();
                        allConnected.await();
                        return connection
                                .send(RawHttpClient.post(operatorAuth, nap))
                                .readAnswer();
                    }
                }));
            }
            List<String> got = new ArrayList<>();
            for (Future<String> answer : answers) {
                got.add(answer.get(60, TimeUnit.SECONDS));
            }
            // One worker and one queue place hold two requests (a credential check or a call each); four at once
            // overflow.
            assertThat(got)
                    .allSatisfy(a -> assertThat(a)
                            .matches("(?s)HTTP/1.1 (200 OK.*rested.*|503 server busy.*every worker is busy.*)"));
            assertThat(got).anySatisfy(a -> assertThat(a).startsWith("HTTP/1.1 200"));
            assertThat(got).anySatisfy(a -> assertThat(a).startsWith("HTTP/1.1 503 server busy"));
            assertThat(daemon.operator().call("ping", "after").value()).isEqualTo("after");
        }
    }

    /**
     * Opens {@code count} connections that send nothing, runs {@code meanwhile}, then reads what each was
     * answered: 503 at once when over a cap, 408 when the header deadline ends an admitted one.
     */
    private static List<String> silentConnectionsAnswers(
            TestDaemon daemon, int count, java.util.function.IntFunction<String> source, ThrowingRunnable meanwhile)
            throws Exception {
        List<RawHttpClient> connections = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                connections.add(new RawHttpClient(source.apply(i), daemon.port()));
            }
            meanwhile.run();
            List<String> answers = new ArrayList<>();
            for (RawHttpClient connection : connections) {
                answers.add(connection.readAnswer());
            }
            return answers;
        } finally {
            for (RawHttpClient connection : connections) {
                connection.close();
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
