package org.flowstream.resource.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.flowstream.contracts.element.PortCount;
import org.flowstream.resource.bench.StandInHost;
import org.flowstream.resource.pmtypes.PmTypeRecord;
import org.flowstream.resource.pmtypes.SignatureReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PM types survive a restart with the get_pm_info struct (PmTypeInfo) the module hosts sent; a row written before
 * that struct was read strictly keeps its name, ports and source, without a signature.
 */
class PmTypeStoreTest {

    @TempDir
    Path dir;

    @Test
    void aTypeReadsBackWithTheStructItsHostSentAndItsSize() throws Exception {
        Path file = dir.resolve("state.db");
        List<PmTypeRecord> reported = SignatureReader.read(StandInHost.pmInfo(StandInHost.TINY));
        try (StateStore store = new StateStore(file)) {
            for (PmTypeRecord type : reported) {
                store.put(type);
            }
        }
        try (StateStore store = new StateStore(file)) {
            List<PmTypeRecord> read = store.pmTypes();
            assertThat(read).extracting(PmTypeRecord::name).containsExactly("Counter", "IPFilter");
            PmTypeRecord filter = read.get(1);
            assertThat(filter.signature())
                    .isEqualTo(reported.get(0).signature())
                    .isPresent();
            assertThat(filter.info().primitives())
                    .isEqualTo(reported.get(0).info().primitives());
            assertThat(filter.answer().cpuCores()).isEqualTo(StandInHost.TINY.filterCores());
            assertThat(filter.answer().memoryMb()).isEqualTo(StandInHost.TINY.filterMemoryMb());
        }
    }

    @Test
    void aRowStoredBeforeTypesWereReadStrictlyKeepsItsNamePortsAndSource() throws Exception {
        Path file = dir.resolve("state.db");
        new StateStore(file).close();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = db.createStatement()) {
            s.executeUpdate("""
                    INSERT INTO pm_types (name, description, primitives, inputs, outputs, cpu, memory, source)
                    VALUES ('Sampler', 'samples', '{"Read": "count"}', '{"min":1,"max":1}', '{"min":1,"max":2}',
                            0.5, 128, 'public class Sampler {}')""");
        }
        try (StateStore store = new StateStore(file)) {
            PmTypeRecord sampler = store.pmTypes().getFirst();
            assertThat(sampler.name()).isEqualTo("Sampler");
            assertThat(sampler.deployed()).isTrue();
            assertThat(sampler.outputs()).isEqualTo(new PortCount(1, 2));
            assertThat(sampler.signature()).isEmpty(); // its configuration is not checked, as before
            assertThat(sampler.answer().ports()).isEqualTo("1/1-2");
            assertThat(sampler.answer().deployed()).isTrue();
        }
    }
}
