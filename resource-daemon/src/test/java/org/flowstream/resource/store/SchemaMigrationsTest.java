package org.flowstream.resource.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.resource.allocation.Allocation;
import org.flowstream.resource.allocation.AllocationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A state file an older resource daemon wrote still loads, with nothing lost, after the layout changed. */
class SchemaMigrationsTest {

    @TempDir
    Path dir;

    /** A state file as main fb73527 wrote it (the allocations table dumped to SQL: state-layout-0.sql). */
    private Path stateOfLayout0() throws IOException, SQLException {
        Path file = dir.resolve("state.db");
        String script;
        try (InputStream in = getClass().getResourceAsStream("state-layout-0.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = db.createStatement()) {
            for (String statement : script.replaceAll("(?m)^--.*\\n", "").split(";\\s*\\n(?=CREATE|INSERT)")) {
                s.execute(statement);
            }
        }
        return file;
    }

    @Test
    void startedPmsStoredWithPortsLoadWithTheirSwitchPorts() throws Exception {
        try (StateStore store = new StateStore(stateOfLayout0())) {
            Allocation alice = store.allocation(1).orElseThrow();
            assertThat(alice.tenant()).isEqualTo("alice");
            assertThat(alice.state()).isEqualTo(AllocationState.ACTIVE);
            assertThat(alice.placement()).isEqualTo(Map.of("c", "mh1"));
            assertThat(alice.instances()).containsExactly(new PlacedPm("c", "mh1", "a1-c", Map.of("p0", 3, "p1", 4)));
            assertThat(alice.wired()).isTrue();
            assertThat(store.allocation(2).orElseThrow().instances())
                    .containsExactly(new PlacedPm("fw", "mh2", "a2-fw", Map.of("p0", 7)));
        }
    }

    @Test
    void aMigratedFileIsAtTheCurrentLayoutAndOpensAgainUnchanged() throws Exception {
        Path file = stateOfLayout0();
        new StateStore(file).close();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(SchemaMigrations.version(db)).isEqualTo(SchemaMigrations.CURRENT);
        }
        try (StateStore store = new StateStore(file)) {
            List<Allocation> live = store.liveAllocations();
            assertThat(live).extracting(Allocation::id).containsExactly(1, 2);
            assertThat(live.get(0).instances().get(0).switchPorts()).isEqualTo(Map.of("p0", 3, "p1", 4));
        }
    }

    @Test
    void aFileFromANewerDaemonIsRefusedInWordsAndLeftAlone() throws Exception {
        Path file = stateOfLayout0();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = db.createStatement()) {
            s.execute("PRAGMA user_version=" + (SchemaMigrations.CURRENT + 1));
        }
        assertThatThrownBy(() -> new StateStore(file))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("newer than this resource daemon reads");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(SchemaMigrations.version(db)).isEqualTo(SchemaMigrations.CURRENT + 1);
        }
    }
}
