package org.flowstream.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.resource.bench.StandInHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 500 installs from eight clients of two tenants at once, 248 of them deleted again right away, against a resource daemon talking
 * XML-RPC to a file-keeping module host and switch: at the end exactly the expected allocations, PMs and
 * rules exist.
 */
class ConcurrentClientsTest {

    @TempDir
    Path dir;

    @Test
    void concurrentInstallsAndDeletesEndWithExactlyTheExpectedState() throws Exception {
        try (TestDaemon moduleHost = FakeDaemons.moduleHost(dir.resolve("mh"));
                TestDaemon openflow = FakeDaemons.openflow(dir.resolve("of"))) {
            ResourceDaemon resource = start(openflow);
            try {
                DaemonClient operator = ResourceFixture.operator(resource);
                ResourceFixture.registerHost(operator, "mh1", moduleHost.url().toString(), 100000.0, 100000000);
                Set<Integer> kept = new ConcurrentSkipListSet<>();
                ExecutorService clients = Executors.newFixedThreadPool(8);
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    String tenant = c % 2 == 0 ? "alice" : "bob";
                    done.add(clients.submit(() -> {
                        DaemonClient client = new DaemonClient(resource.url(), tenant, tenant + "-pw", 60_000);
                        for (int i = 0; i < 62 + (tenant.equals("alice") ? 1 : 0); i++) {
                            ReturnValue r = client.call("install_allocation", StandInHost.distinctRequest());
                            assertThat(r.isNotReady()).as(r.message()).isTrue();
                            int id = (Integer) r.value();
                            if (i % 2 == 0) {
                                kept.add(id);
                            } else {
                                assertThat(client.call("delete_allocation", id).isNotReady())
                                        .isTrue();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                clients.shutdown();
                Set<Integer> listed = new TreeSet<>();
                for (Object row : (Object[]) operator.call("list_allocations").value()) {
                    int id = (Integer) ((Map<?, ?>) row).get("id");
                    ReturnValue settled = ResourceFixture.settle(operator, id);
                    assertThat(settled.isSuccess()).as(settled.message()).isTrue();
                    listed.add(id);
                }
                for (int i = 0; i < 3000 && listed.size() != kept.size(); i++) {
                    Thread.sleep(10); // deletes still running
                    listed.clear();
                    for (Object row :
                            (Object[]) operator.call("list_allocations").value()) {
                        listed.add((Integer) ((Map<?, ?>) row).get("id"));
                    }
                }
                assertThat(listed).isEqualTo(new TreeSet<>(kept));
                assertThat(kept).hasSize(252);
                Set<String> pms = new TreeSet<>();
                Set<String> rules = new TreeSet<>();
                kept.forEach(id -> {
                    pms.add("a" + id + "-fw");
                    pms.add("a" + id + "-c");
                    rules.add(String.valueOf(id));
                });
                CrashRecoveryTest.awaitEqual(() -> new TreeSet<>(FakeDaemons.files(moduleHost, "pms")), pms);
                CrashRecoveryTest.awaitEqual(() -> new TreeSet<>(FakeDaemons.files(openflow, "rules")), rules);
            } finally {
                resource.stop();
            }
        }
    }

    private ResourceDaemon start(TestDaemon openflow) throws Exception {
        return ResourceFixture.start(ResourceFixture.config(
                dir.resolve("resource"),
                Map.of(
                        "ioPorts",
                        Map.of("net1", 2),
                        "quotas",
                        Map.of("defaults", Map.of("cpuCores", 100000, "memoryMb", 100000000, "allocations", 100000))),
                openflow.url()));
    }
}
