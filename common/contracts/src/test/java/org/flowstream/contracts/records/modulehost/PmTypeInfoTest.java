package org.flowstream.contracts.records.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.WireFormatException;
import org.junit.jupiter.api.Test;

/** get_pm_info's primitives struct: the named keys of docs/modulehost-daemon.md plus one key per primitive. */
class PmTypeInfoTest {

    private static final PmTypeInfo COUNTER = new PmTypeInfo(
            "Counter",
            "none",
            "1/1",
            false,
            null,
            Map.of("class_name", "Counter"),
            null,
            null,
            Map.of("Read", true, "Count", true));

    @Test
    void thePrimitivesAreKeysOfTheirOwnBothWays() {
        Map<String, Object> struct = Structs.toStruct(COUNTER);
        assertThat(struct)
                .containsOnlyKeys("type", "state", "ports", "deployed", "signature", "Read", "Count")
                .containsEntry("Read", true)
                .containsEntry("Count", true);
        assertThat(Structs.fromStruct(struct, PmTypeInfo.class)).isEqualTo(COUNTER);
    }

    @Test
    void aSizeTravelsAsCpuCoresAndMemoryMbWhenGivenAndIsLeftOutOtherwise() {
        PmTypeInfo sized = COUNTER.sized(0.25, 96);
        Map<String, Object> struct = Structs.toStruct(sized);
        assertThat(struct).containsEntry("cpu_cores", 0.25).containsEntry("memory_mb", 96);
        assertThat(Structs.fromStruct(struct, PmTypeInfo.class)).isEqualTo(sized);
        assertThat(Structs.toStruct(COUNTER)).doesNotContainKeys("cpu_cores", "memory_mb");
    }

    @Test
    void aRenamedNamedKeyOrAFlagThatIsNoPrimitiveIsRefusedByName() {
        Map<String, Object> renamed = new LinkedHashMap<>(Structs.toStruct(COUNTER));
        renamed.put("is_deployed", renamed.remove("deployed"));
        assertThatThrownBy(() -> Structs.fromStruct(renamed, PmTypeInfo.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("a get_pm_info entry")
                .hasMessageMatching(".*'(is_)?deployed'.*");

        Map<String, Object> odd = new LinkedHashMap<>(Structs.toStruct(COUNTER));
        odd.put("Colour", "red");
        assertThatThrownBy(() -> Structs.fromStruct(odd, PmTypeInfo.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("Colour");
    }
}
