package org.flowstream.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.testing.TestDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * alsoBind: one daemon served on several addresses (loopback for local tools, a management address for module
 * hosts in their own namespaces), the same port, the same accounts.
 */
class ExtraAddressTest {

    @TempDir
    Path dir;

    @Test
    void theDaemonAnswersOnEveryConfiguredAddressWithTheSamePortAndAccounts() throws Exception {
        DaemonConfig config = TestDaemon.config(dir);
        config.alsoBind = List.of("127.0.0.2");
        try (TestDaemon daemon = TestDaemon.start(config)) {
            URI extra =
                    URI.create("http://127.0.0.2:%d/RPC2".formatted(daemon.url().getPort()));
            assertThat(daemon.tenant().call("ping", "a").value()).isEqualTo("a");
            assertThat(new DaemonClient(extra, TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD, 5_000)
                            .call("ping", "b")
                            .value())
                    .isEqualTo("b");
            ReturnValue refused = new DaemonClient(extra, TestDaemon.TENANT, "wrong", 5_000).call("ping");
            assertThat(refused.isFailure()).isTrue();
            assertThat(refused.message()).contains("wrong user or password");
        }
    }

    @Test
    void anExtraAddressOutsideLoopbackNeedsAccounts() {
        DaemonConfig config = TestDaemon.config(dir);
        config.users = List.of();
        config.alsoBind = List.of("0.0.0.0");
        assertThatThrownBy(() -> TestDaemon.start(config))
                .hasMessageContaining("refusing to serve test on 0.0.0.0 without users");
    }
}
