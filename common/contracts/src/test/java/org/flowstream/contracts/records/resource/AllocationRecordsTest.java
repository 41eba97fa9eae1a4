package org.flowstream.contracts.records.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.Structs;
import org.junit.jupiter.api.Test;

/** get_allocation's status is list_allocations' row with more: the two records must not drift apart. */
class AllocationRecordsTest {

    private static final AllocationRow ROW =
            new AllocationRow(7, "alice", "active", "all PMs running", 0.5, 256, 3_000_000_000L, 3_000_000_001L);

    @Test
    void aStatusStartsWithEveryFieldOfTheRowInItsOrder() {
        List<String> row = components(AllocationRow.class);
        assertThat(components(AllocationStatus.class).subList(0, row.size())).isEqualTo(row);
    }

    @Test
    void aStatusCarriesItsRowOnTheWireUnchanged() {
        AllocationStatus status = AllocationStatus.of(
                ROW,
                Map.of("c", "mh1"),
                List.of(new PlacedPm("c", "mh1", "a7-c", Map.of("p0", 3))),
                true,
                "c :: Counter");

        assertThat(status.row()).isEqualTo(ROW);
        Map<String, Object> struct = Structs.toStruct(status);
        assertThat(struct).containsAllEntriesOf(Structs.toStruct(ROW));
        assertThat(Structs.fromStruct(struct, AllocationStatus.class)).isEqualTo(status);
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(c -> c.getName() + ":" + c.getType().getName())
                .toList();
    }
}
