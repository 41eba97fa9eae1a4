package org.flowstream.resource.placer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.placement.online.OnlinePlacer;
import org.flowstream.resource.hosts.ModuleHost;
import org.junit.jupiter.api.Test;

/**
 * The real platform's host choice spreads allocations: each goes whole to the module host with the most room it fits
 * on, so a burst of concurrent installs ends even over equal hosts (bench activate's 8 tenants of 3 PMs once put 20
 * of 24 PMs on one host); an allocation no single host holds is still placed, split, by the engine.
 */
class EngineServicePlacerSpreadTest {

    private final EngineServicePlacer placer =
            new EngineServicePlacer(List.of("net0", "net1"), OnlinePlacer.Options.defaults());

    @Test
    void eightConcurrentThreePmAllocationsEndEvenOverTwoEqualHosts() throws Exception {
        List<ModuleHost> hosts = List.of(host("mh1", 2.0, 4096), host("mh2", 2.0, 4096));
        NetworkService chain = threePmChain(0.1, 128);
        List<Callable<Map<String, String>>> tenants = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            int id = i;
            tenants.add(() -> placer.place(id, chain, hosts));
        }
        Map<String, Integer> pmsPerHost = new TreeMap<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            for (Future<Map<String, String>> placed : clients.invokeAll(tenants)) {
                Map<String, String> placement = placed.get();
                assertEquals(1, placement.values().stream().distinct().count(), "an allocation whole on one host");
                placement.values().forEach(h -> pmsPerHost.merge(h, 1, Integer::sum));
            }
        }
        assertEquals(Map.of("mh1", 12, "mh2", 12), pmsPerHost);
    }

    @Test
    void anAllocationGoesToTheHostWithMoreRoom() {
        List<ModuleHost> hosts = List.of(host("mh1", 2.0, 4096), host("mh2", 2.0, 4096));
        placer.place(1, threePmChain(0.33, 1024), hosts); // one core and 3 GB of one host
        assertEquals(
                "mh2",
                placer.place(2, threePmChain(0.1, 128), hosts).get("fw"),
                "the host with the other's first allocation has less room");
        // mh2 now has more of its CPU and memory free than mh1 still: the next one goes there too
        assertEquals("mh2", placer.place(3, threePmChain(0.1, 128), hosts).get("fw"));
    }

    @Test
    void aReleasedAllocationsRoomCountsAgain() {
        List<ModuleHost> hosts = List.of(host("mh1", 2.0, 4096), host("mh2", 2.0, 4096));
        String first = placer.place(1, threePmChain(0.1, 128), hosts).get("fw");
        String second = placer.place(2, threePmChain(0.1, 128), hosts).get("fw");
        assertNotEquals(first, second);
        placer.release(1);
        assertEquals(first, placer.place(3, threePmChain(0.1, 128), hosts).get("fw"));
    }

    @Test
    void anAllocationNoSingleHostHoldsIsSplitByTheEngine() {
        // each PM takes 0.8 of a host's two cores: two fit on a host, three only over both
        List<ModuleHost> hosts = List.of(host("mh1", 2.0, 4096), host("mh2", 2.0, 4096));
        Map<String, String> placement = placer.place(1, threePmChain(0.8, 128), hosts);
        assertEquals(3, placement.size());
        assertTrue(placement.containsValue("mh1") && placement.containsValue("mh2"), placement.toString());
    }

    private static NetworkService threePmChain(double cpu, int memoryMb) {
        CheckResult checked =
                AllocationLanguage.check("chain.click", """
                BASESYS=linux.netns
                in :: FromNet("udp,nw_dst=10.10.1.2,tp_dst=5000", IONODE net0)
                out :: ToNet(net1)
                fw :: IPFilter(deny udp dst port 9, allow all)
                count :: Counter
                mirror :: Mirror
                in -> fw -> count -> mirror -> out
                mirror[1] -> copy :: ToNet(net1)
                needs :: Placement(CPU fw %s, CPU count %s, CPU mirror %s, MEMORY fw %d, MEMORY count %d, MEMORY mirror %d)
                """.formatted(cpu, cpu, cpu, memoryMb, memoryMb, memoryMb));
        assertTrue(checked.diagnostics().isEmpty(), checked.diagnostics().toString());
        return checked.service();
    }

    private static ModuleHost host(String name, double cores, long memoryMb) {
        return new ModuleHost(name, "http://127.0.0.1:1/" + name, cores, memoryMb, List.of(), List.of(), true, 0);
    }
}
