package org.flowstream.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.flowstream.common.auth.Role;
import org.flowstream.common.testing.TestDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void fileValuesAreReadAndCommandLineOverridesWin() throws Exception {
        Path file = dir.resolve("d.yaml");
        Files.writeString(file, """
                port: 7100
                server:
                  threads: 8
                users:
                  - {name: op, password: s3cret, role: operator}
                settings:
                  listenPort: 6653
                """);
        DaemonConfig config = ConfigLoader.load(file, Map.of("port", "7200", "scheduler.workers", "2"));
        assertThat(config.port).isEqualTo(7200);
        assertThat(config.server.threads).isEqualTo(8);
        assertThat(config.scheduler.workers).isEqualTo(2);
        assertThat(config.bind).isEqualTo("127.0.0.1");
        assertThat(config.users)
                .singleElement()
                .satisfies(u -> assertThat(u.role()).isEqualTo(Role.OPERATOR));
        assertThat(config.settings.get("listenPort").asInt()).isEqualTo(6653);
    }

    @Test
    void aMisspelledKeyIsAnErrorNotASilentDefault() throws Exception {
        Path file = dir.resolve("d.yaml");
        Files.writeString(file, "prot: 7100\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prot");
    }

    @Test
    void accountsTakeAPasswordHashAndOneWithoutAnyPasswordIsRefusedInWords() throws Exception {
        Path file = dir.resolve("d.yaml");
        String hash = org.flowstream.common.auth.PasswordHash.of("s3cret-password", 1_000)
                .encoded();
        Files.writeString(
                file, "users:\n  - {name: svc-resource, passwordHash: \"%s\", role: service}\n".formatted(hash));
        DaemonConfig config = ConfigLoader.load(file, Map.of());
        assertThat(config.users).singleElement().satisfies(u -> {
            assertThat(u.role()).isEqualTo(Role.SERVICE);
            assertThat(u.hasClearPassword()).isFalse();
            assertThat(org.flowstream.common.auth.PasswordHash.parse(u.passwordHash())
                            .matches("s3cret-password"))
                    .isTrue();
        });

        Files.writeString(file, "users:\n  - {name: op, role: operator}\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("account op needs exactly one of passwordHash")
                .hasMessageNotContaining("Exception");
        Files.writeString(file, "users:\n  - {name: op, passwordHash: secret, role: operator}\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).hasMessageContaining("a password hash looks like");
    }

    @Test
    void noFileMeansDefaults() {
        DaemonConfig config = ConfigLoader.load(null, Map.of());
        assertThat(config.bind).isEqualTo("127.0.0.1");
        assertThat(config.users).isEmpty();
    }

    @Test
    void theReadmesConfigurationExampleLoadsAndShowsTheFrontDoorsDefaults() throws Exception {
        String readme = Files.readString(TestDaemon.repositoryTasks().resolveSibling("README.md"));
        int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
        Path file = dir.resolve("readme.yaml");
        Files.writeString(file, readme.substring(start, readme.indexOf("```", start)));
        DaemonConfig shownConfig = ConfigLoader.load(file, Map.of());
        DaemonConfig.Server shown = shownConfig.server;
        assertThat(shown).usingRecursiveComparison().isEqualTo(new DaemonConfig.Server());
        // the example's hash is the one of the password it names
        assertThat(org.flowstream.common.auth.PasswordHash.parse(
                                shownConfig.users.get(0).passwordHash())
                        .matches("change-me"))
                .isTrue();
    }
}
