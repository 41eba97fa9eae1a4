package org.flowstream.resource.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Brings a state file an older resource daemon wrote to the layout this one reads, one numbered step at a time.
 * SQLite's {@code user_version} holds the last step the file went through (0: written before steps were
 * numbered); all pending steps run in one transaction, so a crash leaves the file as it was or fully migrated.
 */
final class SchemaMigrations {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** The step this daemon's layout is at: a file past it was written by a newer daemon. */
    static final int CURRENT = 1;

    private SchemaMigrations() {}

    static void apply(Connection db) throws SQLException {
        int version = version(db);
        if (version > CURRENT) {
            throw new SQLException(("the state file is at layout %d, newer than this resource daemon reads (%d): "
                            + "run the newer daemon, or restore a copy it did not write")
                    .formatted(version, CURRENT));
        }
        if (version == CURRENT) {
            return;
        }
        try (Statement s = db.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                if (version < 1) {
                    renameInstancePortsToSwitchPorts(db);
                }
                s.execute("PRAGMA user_version=" + CURRENT);
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }

    static int version(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    /**
     * Step 1: an allocation's started PMs were stored as the daemon's own record with {@code ports}; they are now the
     * contract record {@code PlacedPm}, whose component is {@code switchPorts} (the same map, renamed).
     */
    private static void renameInstancePortsToSwitchPorts(Connection db) throws SQLException {
        Map<Integer, String> rewritten = new LinkedHashMap<>();
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT id, instances FROM allocations")) {
            while (r.next()) {
                rewritten.put(r.getInt(1), renamePorts(r.getString(2)));
            }
        }
        try (PreparedStatement p = db.prepareStatement("UPDATE allocations SET instances=? WHERE id=?")) {
            for (Map.Entry<Integer, String> row : rewritten.entrySet()) {
                p.setString(1, row.getValue());
                p.setInt(2, row.getKey());
                p.executeUpdate();
            }
        }
    }

    private static String renamePorts(String instances) throws SQLException {
        try {
            JsonNode list = JSON.readTree(instances);
            for (JsonNode pm : list) {
                if (pm instanceof ObjectNode o && o.has("ports") && !o.has("switchPorts")) {
                    o.set("switchPorts", o.remove("ports"));
                }
            }
            return JSON.writeValueAsString(list);
        } catch (java.io.IOException e) {
            throw new SQLException("a stored allocation's PM list is not JSON: " + e.getMessage(), e);
        }
    }
}
