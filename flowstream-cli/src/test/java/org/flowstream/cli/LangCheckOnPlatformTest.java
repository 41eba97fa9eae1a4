package org.flowstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.bench.StandInHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code flowstream lang check --url}: a real resource daemon over XML-RPC (I/O nodes h1 and h2, one module
 * host offering Counter) refuses what the built-in catalogue would let pass, with the file's own positions.
 */
class LangCheckOnPlatformTest {

    @TempDir
    Path dir;

    ResourceDaemon daemon;
    TestDaemon moduleHost;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        DaemonConfig config = new DaemonConfig();
        config.tasksDir = TestDaemon.repositoryTasks().toString();
        config.stateDir = dir.resolve("state").toString();
        Map<String, Object> ioPorts = new LinkedHashMap<>();
        ioPorts.put("h1", 1);
        ioPorts.put("h2", 2);
        config.settings = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of("ioPorts", ioPorts));
        config.peers = Map.of("modulehost", TestDaemon.operatorPeer(""));
        daemon = new ResourceDaemon(config);
        daemon.start();
        // a stand-in module host whose get_pm_info offers IPFilter and Counter, read as a real host's answer
        moduleHost = TestDaemon.start(dir.resolve("mh1"));
        moduleHost.writeTask(
                "GetPmInfo", StandInHost.getPmInfoCommand("org.flowstream.tasks.test", StandInHost.TYPICAL));
        ReturnValue registered = new DaemonClient(daemon.url(), "", "", 10_000)
                .call(
                        "register_host",
                        StandInHost.registration("mh1", moduleHost.url().toString(), 4.0, 4096));
        assertThat(registered.isSuccess()).as(registered.message()).isTrue();
    }

    @AfterEach
    void stop() {
        daemon.stop();
        moduleHost.stop();
    }

    private int lang(String... args) {
        CommandLine cli = FlowstreamCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void thePlatformRefusesUnknownIoNodesAndPmTypesThatTheBuiltInCatalogueAccepts() throws Exception {
        Path request = Files.writeString(dir.resolve("bad.click"), """
                ft :: FromNet("ip,nw_src=10.10.1.1,nw_dst=10.10.1.2", IONODE h1)
                tt :: ToNet(nosuch)
                ft -> Mirror -> tt
                """);
        assertThat(lang("lang", "check", request.toString()))
                .as("offline, the built-in catalogue has Mirror and I/O nodes are unknown")
                .isZero();

        assertThat(lang("lang", "check", "--url", daemon.url().toString(), request.toString()))
                .isEqualTo(1);
        assertThat(err.toString().lines())
                .contains(
                        request + ":2:13: error: ToNet 'tt': this platform has no I/O node 'nosuch'; it has h1, h2",
                        request + ":3:7: error: 'Mirror' is neither a declared element nor a known element class");
    }

    @Test
    void aRequestThePlatformWouldAcceptIsOk() throws Exception {
        Path request = Files.writeString(
                dir.resolve("good.click"), "FromNet(\"ip,nw_src=10.10.1.1\", IONODE h1) -> Counter -> ToNet(h2)\n");
        assertThat(lang("lang", "check", "--url", daemon.url().toString(), request.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains(request + ": ok (the platform would accept it now)");
        assertThat((Object[]) new DaemonClient(daemon.url(), "", "", 10_000)
                        .call("list_allocations")
                        .value())
                .as("nothing stored")
                .isEmpty();
    }

    @Test
    void anUnreachablePlatformIsSaidInWords() throws Exception {
        Path request = Files.writeString(dir.resolve("r.click"), "FromNet(ip) -> Counter -> ToNet(h2)\n");
        assertThat(lang("lang", "check", "--url", "http://127.0.0.1:1/RPC2", request.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .startsWith(request + ": error: cannot reach http://127.0.0.1:1/RPC2: connection refused");
    }
}
