package org.flowstream.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration files up writes: module hosts in their own namespaces reach the controller over the
 * management network and serve on their own addresses; the controller's daemons serve on loopback and on the
 * management address. (bin/e2e runs these files for real.)
 */
class DaemonConfigsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Credentials CREDENTIALS =
            new Credentials("operator", "op-secret", "alice", "alice-secret", "service-secret");

    @TempDir
    Path home;

    @Test
    void aModuleHostServesOnItsOwnAddressAndReachesTheControllerOverTheManagementNetwork() throws Exception {
        PlatformLayout layout = PlatformLayout.standard(home, 2);
        JsonNode mh2 = JSON.readTree(DaemonConfigs.write(layout, layout.daemon("modulehost-mh2"), CREDENTIALS)
                .toFile());
        assertThat(mh2.get("bind").asText()).isEqualTo("10.20.0.12");
        assertThat(mh2.has("alsoBind")).isFalse();
        assertThat(mh2.at("/peers/resource/url").asText()).isEqualTo("http://10.20.0.1:7100/RPC2");
        assertThat(mh2.at("/peers/modulehost").isMissingNode()).isTrue();
        assertThat(mh2.at("/settings/hostName").asText()).isEqualTo("mh2");
        assertThat(mh2.at("/settings/switchNetns").asText()).isEqualTo("fs-switch");
        assertThat(mh2.get("stateDir").asText()).endsWith("state/modulehost-mh2");
        assertThat(mh2.at("/settings/pmStartup").asText())
                .as("up starts PMs from a warm pool")
                .isEqualTo("pooled");
    }

    @Test
    void theControllersDaemonsServeOnLoopbackAndTheManagementAddress() throws Exception {
        PlatformLayout layout = PlatformLayout.standard(home, 3);
        JsonNode resource = JSON.readTree(DaemonConfigs.write(layout, layout.daemon("resource"), CREDENTIALS)
                .toFile());
        assertThat(resource.get("bind").asText()).isEqualTo("127.0.0.1");
        assertThat(resource.get("alsoBind").get(0).asText()).isEqualTo("10.20.0.1");
        assertThat(resource.at("/peers/openflow/url").asText()).isEqualTo("http://127.0.0.1:7101/RPC2");
        // 8 tenants' installs and deletes at once, none waiting for a worker (bench activate)
        assertThat(resource.at("/scheduler/workers").asInt()).isEqualTo(16);
        // Module hosts are found through their registrations; the entry gives the credentials to call them with.
        assertThat(resource.at("/peers/modulehost/user").asText()).isEqualTo("svc-resource");
        assertThat(layout.moduleHosts())
                .extracting(PlatformLayout.DaemonSpec::url)
                .containsExactly(
                        "http://10.20.0.11:7102/RPC2", "http://10.20.0.12:7102/RPC2", "http://10.20.0.13:7102/RPC2");
    }

    @Test
    void eachDaemonAdmitsTheOperatorAndTheServiceAccountsOfItsCallersOnlyAndNoPasswordInClear() throws Exception {
        PlatformLayout layout = PlatformLayout.standard(home, 2);
        PlatformAccounts accounts = new PlatformAccounts(CREDENTIALS);
        java.util.Map<String, java.util.List<String>> admitted = new java.util.LinkedHashMap<>();
        for (PlatformLayout.DaemonSpec daemon : layout.daemons()) {
            JsonNode config = JSON.readTree(
                    DaemonConfigs.write(layout, daemon, CREDENTIALS).toFile());
            java.util.List<String> names = new java.util.ArrayList<>();
            for (JsonNode user : config.get("users")) {
                names.add(user.get("name").asText() + ":" + user.get("role").asText());
                assertThat(user.has("password"))
                        .as("a clear password in %s's users", daemon.name())
                        .isFalse();
            }
            admitted.put(daemon.name(), names);
            // the one clear password in a file: the daemon's own, which it sends to its peers
            config.get("peers")
                    .forEach(peer ->
                            assertThat(peer.get("password").asText()).isEqualTo(accounts.servicePassword(daemon)));
        }
        assertThat(admitted.get("resource"))
                .containsExactlyInAnyOrder(
                        "operator:operator",
                        "svc-modulehost-mh1:service",
                        "svc-modulehost-mh2:service",
                        "svc-monitoring:service",
                        "alice:tenant");
        assertThat(admitted.get("openflow"))
                .containsExactlyInAnyOrder(
                        "operator:operator",
                        "svc-resource:service",
                        "svc-modulehost-mh1:service",
                        "svc-modulehost-mh2:service",
                        "svc-monitoring:service");
        assertThat(admitted.get("modulehost-mh1"))
                .containsExactlyInAnyOrder("operator:operator", "svc-resource:service", "svc-monitoring:service");
        assertThat(admitted.get("monitoring")).containsExactlyInAnyOrder("operator:operator", "svc-resource:service");

        // what mh2 sends is what the resource daemon's stored hash accepts
        JsonNode resource = JSON.readTree(DaemonConfigs.write(layout, layout.daemon("resource"), CREDENTIALS)
                .toFile());
        String mh2Password = JSON.readTree(DaemonConfigs.write(layout, layout.daemon("modulehost-mh2"), CREDENTIALS)
                        .toFile())
                .at("/peers/resource/password")
                .asText();
        JsonNode mh2Account = java.util.stream.StreamSupport.stream(
                        resource.get("users").spliterator(), false)
                .filter(u -> u.get("name").asText().equals("svc-modulehost-mh2"))
                .findFirst()
                .orElseThrow();
        assertThat(org.flowstream.common.auth.PasswordHash.parse(
                                mh2Account.get("passwordHash").asText())
                        .matches(mh2Password))
                .isTrue();
    }

    @Test
    void theResourceDaemonIsUpBeforeModuleHostsRegisterWithIt() {
        var stages = PlatformLayout.standard(home, 2).startStages();
        assertThat(stages)
                .extracting(stage ->
                        stage.stream().map(PlatformLayout.DaemonSpec::name).toList())
                .containsExactly(
                        java.util.List.of("openflow"),
                        java.util.List.of("resource"),
                        java.util.List.of("modulehost-mh1", "modulehost-mh2", "monitoring"));
    }

    @Test
    void theNumberOfModuleHostsIsBounded() {
        assertThatThrownBy(() -> PlatformLayout.standard(home, 0)).hasMessageContaining("1 to 8 module hosts, not 0");
        assertThatThrownBy(() -> PlatformLayout.standard(home, 9)).hasMessageContaining("not 9");
    }
}
