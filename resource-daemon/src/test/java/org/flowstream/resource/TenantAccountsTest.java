package org.flowstream.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.resource.TenantAdded;
import org.flowstream.contracts.records.resource.TenantRow;
import org.flowstream.resource.bench.StandInHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant accounts through the API of a real resource daemon over XML-RPC: operators add, list and remove them,
 * the account works at once and after a restart, its own quota applies, only the password's hash is stored,
 * and bad requests are refused in words with nothing changed. (The daemon is ResourceDaemonTest's fixture.)
 */
class TenantAccountsTest {

    @TempDir
    Path dir;

    final ResourceDaemonTest fixture = new ResourceDaemonTest();

    @BeforeEach
    void start() throws Exception {
        fixture.dir = dir;
        fixture.start();
    }

    @AfterEach
    void stop() {
        fixture.daemon.stop();
    }

    DaemonClient as(String user, String password) {
        return new DaemonClient(fixture.daemon.url(), user, password, 30_000);
    }

    @Test
    void anAddedTenantCanCallAtOnceAndAfterARestartAndOnlyItsHashIsStored() throws Exception {
        ReturnValue added = fixture.operator().call("add_tenant", "carol", Map.of("allocations", 1));
        assertThat(added.isSuccess()).as(added.message()).isTrue();
        TenantAdded answer = Structs.fromStruct(added.value(), TenantAdded.class);
        assertThat(List.of(answer.name(), answer.allocations())).containsExactly("carol", 1);
        String password = answer.password();
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        assertThat(as("carol", password).call("list_allocations").isSuccess()).isTrue();
        assertThat(as("carol", password + "x").call("list_allocations").message())
                .contains("refused the call");

        fixture.daemon.stop();
        fixture.daemon = fixture.startDaemon();
        assertThat(as("carol", password).call("list_allocations").isSuccess()).isTrue();
        byte[] store = Files.readAllBytes(dir.resolve("state/resource.db"));
        assertThat(new String(store, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(password)
                .contains("pbkdf2-sha256:");

        // carol's own quota (1 allocation), not the configured default (3)
        DaemonClient carol = as("carol", password);
        fixture.install(carol, StandInHost.distinctRequest());
        assertThat(carol.call("install_allocation", StandInHost.distinctRequest())
                        .message())
                .contains("the most allowed is 1");
    }

    @Test
    void operatorsListTenantsWithTheirQuotasAndNeverAPassword() {
        fixture.operator()
                .call("add_tenant", "dave", Map.of("password", "dave-password-1", "cpu_cores", 2.5, "memory_mb", 2048));
        ReturnValue listed = fixture.operator().call("list_tenants");
        assertThat(listed.isSuccess()).isTrue();
        List<TenantRow> rows = Structs.fromArray(listed.value(), TenantRow.class); // no password key: it is strict
        assertThat(rows).contains(new TenantRow("dave", "api", 2.5, 2048, 3, 0));
        assertThat(rows)
                .anySatisfy(r -> assertThat(List.of(r.name(), r.source())).containsExactly("alice", "configuration"));
        assertThat(listed.toStruct().toString())
                .doesNotContain("dave-password-1")
                .doesNotContain("pbkdf2");
        assertThat(as("dave", "dave-password-1").call("ping", 1).value()).isEqualTo(1);
    }

    @Test
    void aTenantHoldingAllocationsIsNotRemovedAndARemovedOneIsRefusedAtOnce() throws Exception {
        fixture.operator().call("add_tenant", "erin", Map.of("password", "erin-password-1"));
        DaemonClient erin = as("erin", "erin-password-1");
        int id = fixture.install(erin, StandInHost.distinctRequest());
        ResourceFixture.settle(erin, id);

        ReturnValue refused = fixture.operator().call("remove_tenant", "erin");
        assertThat(refused.message())
                .isEqualTo(
                        "remove_tenant: tenant erin still holds 1 allocation(s) (%d); delete them first, then remove the tenant"
                                .formatted(id));
        assertThat(erin.call("get_allocation", id).value()).isNotNull();

        erin.call("delete_allocation", id);
        ResourceFixture.settle(erin, id);
        assertThat(fixture.operator().call("remove_tenant", "erin").isSuccess()).isTrue();
        assertThat(erin.call("ping").message()).contains("refused the call");
        fixture.daemon.stop();
        fixture.daemon = fixture.startDaemon();
        assertThat(as("erin", "erin-password-1").call("ping").message()).contains("refused the call");
    }

    @Test
    void badRequestsAreRefusedInWordsAndChangeNothing() {
        DaemonClient op = fixture.operator();
        assertThat(op.call("add_tenant", "Bad Name").message()).contains("a tenant name is 1 to 32 lower-case letters");
        assertThat(op.call("add_tenant", "op").message())
                .contains("'op' is an account of the daemon's configuration file");
        assertThat(op.call("add_tenant", "frank", Map.of("password", "short")).message())
                .contains("at least 12 characters");
        assertThat(op.call("add_tenant", "frank", Map.of("cpu_cores", -1)).message())
                .contains("cpu_cores must be more than 0");
        assertThat(op.call("add_tenant", "frank", Map.of("allocations", 0)).message())
                .contains("allocations must be 1 to 1000000");
        assertThat(op.call("add_tenant", "frank", Map.of("colour", "red")).message())
                .contains("add_tenant's options: unknown field 'colour'");
        assertThat(op.call("add_tenant", "frank", Map.of("memory_mb", "lots")).message())
                .contains("memory_mb");
        assertThat(op.call("remove_tenant", "nobody").message()).contains("no tenant named 'nobody'");
        assertThat(op.call("remove_tenant", "alice").message())
                .contains("'alice' is an account of the daemon's configuration file; remove it there");
        assertThat(((Object[]) op.call("list_tenants").value()))
                .hasSize(2); // alice and bob of the configuration, nothing added

        assertThat(op.call("add_tenant", "frank", Map.of("password", "frank-password"))
                        .isSuccess())
                .isTrue();
        assertThat(op.call("add_tenant", "frank", Map.of("password", "other-password"))
                        .message())
                .contains("exists already");
        assertThat(as("frank", "frank-password").call("ping").isSuccess()).isTrue();

        // tenants and service accounts do not manage tenants
        assertThat(fixture.alice().call("add_tenant", "mallory").message())
                .isEqualTo("add_tenant is for operators; alice is a tenant account");
        assertThat(fixture.alice().call("remove_tenant", "bob").message())
                .isEqualTo("remove_tenant is for operators; alice is a tenant account");
        assertThat(fixture.alice().call("list_tenants").message())
                .isEqualTo("list_tenants is for operators; alice is a tenant account");
    }
}
