package org.flowstream.modulehost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsJsonTest {

    @Test
    void whatTheRuntimeWritesReadsBackAsTheSameStructure() throws Exception {
        Map<String, Object> port = new LinkedHashMap<>();
        port.put("rx_packets", 12L);
        port.put("rate", 0.5);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("name", "fw \"one\"\\\n\t\u0001");
        stats.put("ports", Map.of("p0", port));
        stats.put("elements", Map.of("sampler", Map.of("prefixes", List.of("10.0.0.0/24", "10.0.1.0/24"), "on", true)));
        stats.put("nothing", null);

        Object parsed = new ObjectMapper().readValue(StatsJson.write(stats), Map.class);

        assertThat(parsed)
                .isEqualTo(new ObjectMapper().readValue(new ObjectMapper().writeValueAsString(stats), Map.class));
    }

    @Test
    void numbersJsonCannotHoldBecomeNullAndOtherObjectsTheirText() throws Exception {
        Map<?, ?> parsed = new ObjectMapper()
                .readValue(
                        StatsJson.write(Map.of(
                                "nan", Double.NaN, "other", new StringBuilder("x"), "counts", new long[] {1, 2})),
                        Map.class);

        assertThat(parsed.get("nan")).isNull();
        assertThat(parsed.get("other")).isEqualTo("x");
        assertThat(parsed.get("counts")).isEqualTo(List.of(1, 2));
    }
}
