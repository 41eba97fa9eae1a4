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
                "c :: Counter",
                null);

        assertThat(status.row()).isEqualTo(ROW);
        Map<String, Object> struct = Structs.toStruct(status);
        assertThat(struct).containsAllEntriesOf(Structs.toStruct(ROW));
        assertThat(Structs.fromStruct(struct, AllocationStatus.class)).isEqualTo(status);
    }

    @Test
    void aGroupShowsEachMembersUnitsAndEachUnitsLoadAndIsLeftOutWhenThereIsNone() {
        GroupStatus group = new GroupStatus(
                "nat",
                List.of(
                        new GroupStatus.Member("a7-nat", "mh1", List.of("10.81.0.0/25")),
                        new GroupStatus.Member("a7-nat-2", "mh2", List.of("10.81.0.128/25"))),
                List.of(new GroupStatus.UnitLoad("10.81.0.0/25", 812.5)));
        AllocationStatus grouped = AllocationStatus.of(ROW, Map.of("nat", "mh1"), List.of(), true, "...", group);

        Map<String, Object> struct = Structs.toStruct(grouped);
        assertThat(Structs.fromStruct(struct, AllocationStatus.class)).isEqualTo(grouped);
        assertThat(Structs.toStruct(group))
                .containsEntry(
                        "unit_loads", new Object[] {Map.of("unit", "10.81.0.0/25", "packets_per_second", 812.5)});
        GroupStatus unmeasured = new GroupStatus("nat", group.members(), List.of());
        assertThat(Structs.fromStruct(Structs.toStruct(unmeasured), GroupStatus.class))
                .isEqualTo(unmeasured);
        assertThat(Structs.toStruct(AllocationStatus.of(ROW, Map.of(), List.of(), true, "...", null)))
                .doesNotContainKey("group");
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(c -> c.getName() + ":" + c.getType().getName())
                .toList();
    }
}
