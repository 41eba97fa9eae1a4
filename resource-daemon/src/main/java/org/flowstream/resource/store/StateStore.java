package org.flowstream.resource.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.contracts.element.PortCount;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PmTypeInfo;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.resource.allocation.Allocation;
import org.flowstream.resource.allocation.AllocationState;
import org.flowstream.resource.hosts.ModuleHost;
import org.flowstream.resource.pmtypes.PmTypeRecord;
import org.flowstream.resource.tenants.Quota;
import org.flowstream.resource.tenants.Tenant;
import org.flowstream.resource.tenants.TenantStore;

/**
 * The resource daemon's durable state in SQLite: allocations, module hosts, PM types and tenant accounts. Every write is
 * committed in WAL mode with synchronous=FULL before its method returns, so the change survives a kill -9
 * or a power cut; the daemon acknowledges a request only after that. Writes that arrive together share one
 * commit ({@link GroupCommit}): the disk flush, about a millisecond, is paid once per batch, not per write.
 * Reads and the batches synchronize on this store (one SQLite connection).
 */
public final class StateStore implements TenantStore, AutoCloseable {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Connection db;
    private final GroupCommit commits;

    /** Most writes one commit takes. */
    public static final int MAX_BATCH = 256;

    public StateStore(Path file) throws SQLException {
        this(file, MAX_BATCH);
    }

    /** @param maxBatch most writes per commit; 1 gives one commit per write (a baseline for benchmarks) */
    public StateStore(Path file, int maxBatch) throws SQLException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
        db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS allocations (
                      id INTEGER PRIMARY KEY, tenant TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL,
                      request TEXT NOT NULL, placement TEXT NOT NULL, instances TEXT NOT NULL, wired INTEGER NOT NULL,
                      cpu REAL NOT NULL, memory INTEGER NOT NULL, created INTEGER NOT NULL, updated INTEGER NOT NULL)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS hosts (
                      name TEXT PRIMARY KEY, url TEXT NOT NULL, cpu REAL NOT NULL, memory INTEGER NOT NULL,
                      ports TEXT NOT NULL, base_systems TEXT NOT NULL, up INTEGER NOT NULL, last_seen INTEGER NOT NULL)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS pm_types (
                      name TEXT PRIMARY KEY, description TEXT NOT NULL, primitives TEXT NOT NULL,
                      inputs TEXT NOT NULL, outputs TEXT NOT NULL, cpu REAL NOT NULL, memory INTEGER NOT NULL,
                      source TEXT NOT NULL)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS tenants (
                      name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, cpu REAL NOT NULL, memory INTEGER NOT NULL,
                      allocations INTEGER NOT NULL, created INTEGER NOT NULL)""");
        }
        SchemaMigrations.apply(db);
        commits = new GroupCommit(db, this, maxBatch);
    }

    /** How many transactions the writes took so far (fewer than the writes when concurrent ones shared a commit). */
    public long commitCount() {
        return commits.commitCount();
    }

    // ---- allocations ----

    /** Stores a new allocation and returns it with its id. */
    public Allocation insert(Allocation a) throws SQLException {
        return commits.write(db -> {
            try (PreparedStatement p = db.prepareStatement("""
                    INSERT INTO allocations (tenant, state, reason, request, placement, instances, wired, cpu, memory, created, updated)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?)""", Statement.RETURN_GENERATED_KEYS)) {
                bindAllocation(p, a, 1);
                p.executeUpdate();
                try (ResultSet keys = p.getGeneratedKeys()) {
                    keys.next();
                    int id = keys.getInt(1);
                    return new Allocation(
                            id,
                            a.tenant(),
                            a.request(),
                            a.state(),
                            a.reason(),
                            a.placement(),
                            a.instances(),
                            a.wired(),
                            a.cpuCores(),
                            a.memoryMb(),
                            a.createdMillis(),
                            a.updatedMillis());
                }
            }
        });
    }

    public void update(Allocation a) throws SQLException {
        commits.write(db -> {
            try (PreparedStatement p = db.prepareStatement("""
                    UPDATE allocations SET tenant=?, state=?, reason=?, request=?, placement=?, instances=?, wired=?, cpu=?, memory=?,
                    created=?, updated=? WHERE id=?""")) {
                bindAllocation(p, a, 1);
                p.setInt(12, a.id());
                if (p.executeUpdate() != 1) {
                    throw new SQLException("allocation " + a.id() + " is not stored");
                }
                return null;
            }
        });
    }

    public synchronized Optional<Allocation> allocation(int id) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT * FROM allocations WHERE id=?")) {
            p.setInt(1, id);
            List<Allocation> found = readAllocations(p);
            return found.stream().findFirst();
        }
    }

    /** Every allocation not yet deleted, oldest first. */
    public synchronized List<Allocation> liveAllocations() throws SQLException {
        try (PreparedStatement p =
                db.prepareStatement("SELECT * FROM allocations WHERE state <> 'DELETED' ORDER BY id")) {
            return readAllocations(p);
        }
    }

    private static void bindAllocation(PreparedStatement p, Allocation a, int first) throws SQLException {
        p.setString(first, a.tenant());
        p.setString(first + 1, a.state().name());
        p.setString(first + 2, a.reason());
        p.setString(first + 3, a.request());
        p.setString(first + 4, json(a.placement()));
        p.setString(first + 5, json(a.instances()));
        p.setInt(first + 6, a.wired() ? 1 : 0);
        p.setDouble(first + 7, a.cpuCores());
        p.setLong(first + 8, a.memoryMb());
        p.setLong(first + 9, a.createdMillis());
        p.setLong(first + 10, a.updatedMillis());
    }

    private static List<Allocation> readAllocations(PreparedStatement p) throws SQLException {
        List<Allocation> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(new Allocation(
                        r.getInt("id"),
                        r.getString("tenant"),
                        r.getString("request"),
                        AllocationState.valueOf(r.getString("state")),
                        r.getString("reason"),
                        parse(r.getString("placement"), new TypeReference<Map<String, String>>() {}),
                        parse(r.getString("instances"), new TypeReference<List<PlacedPm>>() {}),
                        r.getInt("wired") == 1,
                        r.getDouble("cpu"),
                        r.getLong("memory"),
                        r.getLong("created"),
                        r.getLong("updated")));
            }
        }
        return out;
    }

    // ---- module hosts ----

    public void put(ModuleHost h) throws SQLException {
        commits.write(db -> {
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT OR REPLACE INTO hosts (name, url, cpu, memory, ports, base_systems, up, last_seen) VALUES (?,?,?,?,?,?,?,?)")) {
                p.setString(1, h.name());
                p.setString(2, h.url());
                p.setDouble(3, h.cpuCores());
                p.setLong(4, h.memoryMb());
                p.setString(5, json(h.switchPorts()));
                p.setString(6, json(h.baseSystems()));
                p.setInt(7, h.up() ? 1 : 0);
                p.setLong(8, h.lastSeenMillis());
                p.executeUpdate();
                return null;
            }
        });
    }

    public synchronized List<ModuleHost> hosts() throws SQLException {
        List<ModuleHost> out = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM hosts ORDER BY name")) {
            while (r.next()) {
                out.add(new ModuleHost(
                        r.getString("name"),
                        r.getString("url"),
                        r.getDouble("cpu"),
                        r.getLong("memory"),
                        parse(r.getString("ports"), new TypeReference<List<String>>() {}),
                        parse(r.getString("base_systems"), new TypeReference<List<String>>() {}),
                        r.getInt("up") == 1,
                        r.getLong("last_seen")));
            }
        }
        return out;
    }

    // ---- PM types ----

    public void put(PmTypeRecord t) throws SQLException {
        commits.write(db -> {
            try (PreparedStatement p = db.prepareStatement("""
                    INSERT OR REPLACE INTO pm_types (name, description, primitives, inputs, outputs, cpu, memory, source)
                    VALUES (?,?,?,?,?,?,?,?)""")) {
                p.setString(1, t.name());
                p.setString(2, t.description());
                p.setString(3, json(Structs.toStruct(t.info())));
                p.setString(
                        4,
                        json(Map.of("min", t.inputs().min(), "max", t.inputs().max())));
                p.setString(
                        5,
                        json(Map.of("min", t.outputs().min(), "max", t.outputs().max())));
                p.setDouble(6, t.cpuCores());
                p.setLong(7, t.memoryMb());
                p.setString(8, t.source());
                p.executeUpdate();
                return null;
            }
        });
    }

    public synchronized List<PmTypeRecord> pmTypes() throws SQLException {
        List<PmTypeRecord> out = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM pm_types ORDER BY name")) {
            while (r.next()) {
                PortCount inputs = parse(r.getString("inputs"), new TypeReference<PortCount>() {});
                PortCount outputs = parse(r.getString("outputs"), new TypeReference<PortCount>() {});
                String source = r.getString("source");
                out.add(new PmTypeRecord(
                        r.getString("name"),
                        r.getString("description"),
                        pmTypeInfo(r.getString("name"), r.getString("primitives"), inputs, outputs, !source.isEmpty()),
                        inputs,
                        outputs,
                        r.getDouble("cpu"),
                        r.getLong("memory"),
                        source));
            }
        }
        return out;
    }

    /**
     * A type's stored get_pm_info struct; one stored before it was read strictly (no signature, or a register_host's
     * own primitives) keeps its name, ports and source, and the hosts' next registration replaces a built-in one.
     */
    private static PmTypeInfo pmTypeInfo(
            String name, String stored, PortCount inputs, PortCount outputs, boolean deployed) throws SQLException {
        try {
            return Structs.fromStruct(parse(stored, new TypeReference<Map<String, Object>>() {}), PmTypeInfo.class);
        } catch (IllegalArgumentException e) {
            return PmTypeRecord.withoutSignature(name, inputs, outputs, deployed);
        }
    }

    // ---- tenant accounts ----

    @Override
    public void insert(Tenant t) throws SQLException {
        commits.write(db -> {
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT INTO tenants (name, password_hash, cpu, memory, allocations, created) VALUES (?,?,?,?,?,?)")) {
                p.setString(1, t.name());
                p.setString(2, t.passwordHash());
                p.setDouble(3, t.quota().cpuCores());
                p.setLong(4, t.quota().memoryMb());
                p.setInt(5, t.quota().allocations());
                p.setLong(6, t.createdMillis());
                p.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public boolean deleteTenant(String name) throws SQLException {
        return commits.write(db -> {
            try (PreparedStatement p = db.prepareStatement("DELETE FROM tenants WHERE name=?")) {
                p.setString(1, name);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized List<Tenant> tenants() throws SQLException {
        List<Tenant> out = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM tenants ORDER BY name")) {
            while (r.next()) {
                out.add(new Tenant(
                        r.getString("name"),
                        r.getString("password_hash"),
                        new Quota(r.getDouble("cpu"), r.getLong("memory"), r.getInt("allocations")),
                        r.getLong("created")));
            }
        }
        return out;
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }

    private static String json(Object value) throws SQLException {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new SQLException("cannot encode " + value + ": " + e.getMessage(), e);
        }
    }

    private static <T> T parse(String text, TypeReference<T> type) throws SQLException {
        try {
            return JSON.readValue(text, type);
        } catch (Exception e) {
            throw new SQLException("stored value is corrupt: " + e.getMessage(), e);
        }
    }
}
