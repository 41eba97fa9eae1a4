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
    private static final Credentials CREDENTIALS = new Credentials("operator", "op-secret", "alice", "alice-secret");

    @TempDir
    Path home;

    @Test
    void aModuleHostServesOnItsOwnAddressAndReachesTheControllerOverTheManagementNetwork() throws Exception {
        PlatformLayout layout = PlatformLayout.standard(home, 2);
        JsonNode mh2 = JSON.readTree(DaemonConfigs.write(layout, layout.daemon("modulehost-mh2"), CREDENTIALS).toFile());
        assertThat(mh2.get("bind").asText()).isEqualTo("10.20.0.12");
        assertThat(mh2.has("alsoBind")).isFalse();
        assertThat(mh2.at("/peers/resource/url").asText()).isEqualTo("http://10.20.0.1:7100/RPC2");
        assertThat(mh2.at("/peers/modulehost").isMissingNode()).isTrue();
        assertThat(mh2.at("/settings/hostName").asText()).isEqualTo("mh2");
        assertThat(mh2.at("/settings/switchNetns").asText()).isEqualTo("fs-switch");
        assertThat(mh2.get("stateDir").asText()).endsWith("state/modulehost-mh2");
    }

    @Test
    void theControllersDaemonsServeOnLoopbackAndTheManagementAddress() throws Exception {
        PlatformLayout layout = PlatformLayout.standard(home, 3);
        JsonNode resource = JSON.readTree(DaemonConfigs.write(layout, layout.daemon("resource"), CREDENTIALS).toFile());
        assertThat(resource.get("bind").asText()).isEqualTo("127.0.0.1");
        assertThat(resource.get("alsoBind").get(0).asText()).isEqualTo("10.20.0.1");
        assertThat(resource.at("/peers/openflow/url").asText()).isEqualTo("http://127.0.0.1:7101/RPC2");
        // Module hosts are found through their registrations; the entry gives the credentials to call them with.
        assertThat(resource.at("/peers/modulehost/user").asText()).isEqualTo("operator");
        assertThat(layout.moduleHosts()).extracting(PlatformLayout.DaemonSpec::url)
                .containsExactly("http://10.20.0.11:7102/RPC2", "http://10.20.0.12:7102/RPC2", "http://10.20.0.13:7102/RPC2");
    }

    @Test
    void theResourceDaemonIsUpBeforeModuleHostsRegisterWithIt() {
        var stages = PlatformLayout.standard(home, 2).startStages();
        assertThat(stages).extracting(stage -> stage.stream().map(PlatformLayout.DaemonSpec::name).toList())
                .containsExactly(java.util.List.of("openflow"), java.util.List.of("resource"), java.util.List.of("modulehost-mh1", "modulehost-mh2", "monitoring"));
    }

    @Test
    void theNumberOfModuleHostsIsBounded() {
        assertThatThrownBy(() -> PlatformLayout.standard(home, 0)).hasMessageContaining("1 to 8 module hosts, not 0");
        assertThatThrownBy(() -> PlatformLayout.standard(home, 9)).hasMessageContaining("not 9");
    }
}
