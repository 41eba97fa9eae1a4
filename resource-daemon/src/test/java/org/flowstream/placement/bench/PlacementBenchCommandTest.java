package org.flowstream.placement.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PlacementBenchCommandTest {

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new PlacementBenchCommand());
        cmd.setOut(new PrintWriter(out));
        int rc = cmd.execute(args);
        assertThat(rc).isZero();
        return out.toString();
    }

    @Test
    void jsonModePrintsOneObjectWithTheTableRows() throws Exception {
        String out = run("--platform", "basic", "--services", "12", "--time-limit", "5", "--warmup", "0", "--json");
        JsonNode json = new ObjectMapper().readTree(out);
        assertThat(json.get("bench").asText()).isEqualTo("placement");
        assertThat(json.get("instance").asText()).isEqualTo("NS12");
        assertThat(json.get("feasible").asBoolean()).isTrue();
        JsonNode first = json.get("rows").get(0);
        assertThat(first.get("search").asText()).isEqualTo("initial solution");
        assertThat(first.has("cpu") && first.has("mem") && first.has("bandwidth") && first.has("delay"))
                .isTrue();
    }

    @Test
    void savedInstancesCanBeSolvedAgain(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("ns8.json");
        String first = run(
                "--platform",
                "basic",
                "--services",
                "8",
                "--time-limit",
                "5",
                "--warmup",
                "0",
                "--json",
                "--save-instance",
                file.toString());
        String again = run("--instance", file.toString(), "--time-limit", "5", "--warmup", "0", "--json");
        ObjectMapper m = new ObjectMapper();
        assertThat(m.readTree(again).get("pms").asInt())
                .isEqualTo(m.readTree(first).get("pms").asInt());
        assertThat(m.readTree(again).get("feasible").asBoolean()).isTrue();
    }

    @Test
    void gridPrintsOneVerdictPerCellAndASummary(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String table =
                run("--grid", "basic", "--services", "44", "--seeds", "1-2", "--packet-bytes", "1024", "--warmup", "0");
        assertThat(table)
                .contains("NS44")
                .contains("INFEASIBLE")
                .contains("summary: 2 cells, 2 decided (0 feasible, 2 infeasible), 0 undecided");
        String out = run(
                "--grid",
                "basic",
                "--services",
                "12",
                "--seeds",
                "3-3",
                "--warmup",
                "0",
                "--json",
                "--save-instance",
                dir.toString());
        JsonNode json = new ObjectMapper().readTree(out);
        assertThat(json.get("cells")).hasSize(2);
        assertThat(json.get("cells").get(0).get("verdict").asText()).isEqualTo("FEASIBLE");
        assertThat(json.get("summary").get("undecided").asInt()).isZero();
        // The process's CPU time advances in the kernel's clock ticks (10 ms), so a solve this small may read 0.
        assertThat(json.get("cells").get(0).get("cpuSeconds").isNumber())
                .as("the process's CPU time during the solve")
                .isTrue();
        assertThat(json.get("cells").get(0).get("cpuSeconds").asDouble()).isNotNegative();
        assertThat(dir.resolve("basic-NS12-seed3-1024B.json")).exists();
        assertThat(dir.resolve("basic-NS12-seed3-128B.json")).exists();
    }

    /** An undecided cell says where its worst violation sits: that tells which bound or move could close it. */
    @Test
    void undecidedGridCellNamesItsWorstViolation() {
        // Basic NS44 seed 3 at 1024 bytes: no search has found a placement, no bound proves there is none.
        String table = run(
                "--grid",
                "basic",
                "--services",
                "44",
                "--seeds",
                "3-3",
                "--packet-bytes",
                "1024",
                "--time-limit",
                "1",
                "--warmup",
                "0");
        assertThat(table)
                .contains("UNDECIDED")
                .containsPattern("; worst: (CPU on server|memory on server|intra-server bandwidth|bandwidth on link)")
                .contains("1 undecided");
    }

    @Test
    void tableModeSaysWhenABoundProvesInfeasibility() {
        String out = run("--platform", "basic", "--services", "90", "--time-limit", "5", "--warmup", "0");
        assertThat(out).contains("INFEASIBLE, proven").contains("whole platform");
    }

    @Test
    void onlineModeReportsLatencyPercentiles() throws Exception {
        String out = run(
                "--platform",
                "basic",
                "--online",
                "--services",
                "10",
                "--requests",
                "20",
                "--warmup",
                "2",
                "--json",
                "--packet-bytes",
                "128");
        JsonNode json = new ObjectMapper().readTree(out);
        assertThat(json.get("runningServices").asInt()).isEqualTo(10);
        assertThat(json.get("failures").asInt()).isZero();
        assertThat(json.has("p99Ms")).isTrue();
    }
}
