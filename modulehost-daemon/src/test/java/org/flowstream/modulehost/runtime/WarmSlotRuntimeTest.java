package org.flowstream.modulehost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The warm slot's throwaway graph: it must hold every built-in element but those it leaves out by name (a new element
 * left out of it unnoticed would be initialised on a burst's critical path again) and build without a configuration error (warmUp would only print one,
 * and the slot would stay cold).
 */
class WarmSlotRuntimeTest {

    @Test
    void theWarmUpGraphHoldsEveryBuiltInElementButThoseLeftOutByName() throws ConfigException {
        Set<String> types = GraphParser.parse(WarmSlotRuntime.WARM_UP_GRAPH).declarations().stream()
                .map(GraphConfig.Declaration::type)
                .collect(Collectors.toCollection(java.util.HashSet::new));
        Set<String> builtIn =
                ElementRegistry.BUILT_IN.stream().map(Class::getSimpleName).collect(Collectors.toSet());
        assertThat(types).doesNotContainAnyElementsOf(WarmSlotRuntime.NOT_WARMED);
        types.addAll(WarmSlotRuntime.NOT_WARMED);
        assertThat(types).containsExactlyInAnyOrderElementsOf(builtIn);
    }

    @Test
    void theWarmUpGraphBuildsAndCloses() throws ConfigException {
        FakeDevices devices = new FakeDevices();
        PmGraph graph = WarmSlotRuntime.warmUpGraph(
                name -> devices.context().device(name).io());
        assertThat(graph.elements())
                .hasSizeGreaterThanOrEqualTo(ElementRegistry.BUILT_IN.size() - WarmSlotRuntime.NOT_WARMED.size());
        assertThat(StatsJson.write(graph.stats())).contains("\"elements\"");
        graph.close();
        assertThat(devices.sent).isEmpty();
    }
}
