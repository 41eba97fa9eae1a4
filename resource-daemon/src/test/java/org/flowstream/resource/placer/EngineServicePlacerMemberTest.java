package org.flowstream.resource.placer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.model.ProcessingModule;
import org.flowstream.placement.online.OnlinePlacer;
import org.flowstream.resource.allocation.PlacementRefusedException;
import org.flowstream.resource.hosts.ModuleHost;
import org.junit.jupiter.api.Test;

/**
 * A scaling group's new member is placed by the engine: spread over hosts, within their capacity, released again; a
 * refusal says why in words.
 */
class EngineServicePlacerMemberTest {

    private static final List<ModuleHost> HOSTS = List.of(host("h1"), host("h2"));
    /** One core of each host's two. */
    private static final ProcessingModule NAT = new ProcessingModule("nat", "NAT", List.of(), 1.0, 256, 1, 1);

    private final EngineServicePlacer placer =
            new EngineServicePlacer(List.of("net0", "net1"), OnlinePlacer.Options.defaults());

    @Test
    void aMemberGoesToAHostWithoutOneWhileItHasRoom() {
        assertEquals("h2", placer.placeMember(1, "a", NAT, HOSTS, List.of("h1")));
        assertEquals("h2", placer.placeMember(1, "b", NAT, HOSTS, List.of("h1")));
        // h2's two cores are reserved now: the next goes to the crowded host, which has room
        assertEquals("h1", placer.placeMember(1, "c", NAT, HOSTS, List.of("h1")));
    }

    @Test
    void aFullPlatformRefusesInWordsAndAReleaseMakesRoom() {
        for (String name : List.of("a", "b", "c", "d")) {
            placer.placeMember(1, name, NAT, HOSTS, List.of());
        }
        PlacementRefusedException refused =
                assertThrows(PlacementRefusedException.class, () -> placer.placeMember(1, "e", NAT, HOSTS, List.of()));
        assertTrue(refused.getMessage().contains("no module host has room for e"), refused.getMessage());
        assertTrue(refused.getMessage().contains("cpu"), refused.getMessage());
        assertTrue(refused.getMessage().contains("cores"), refused.getMessage());
        assertTrue(!refused.getMessage().contains("Infeasibility"), refused.getMessage()); // words, not a record

        placer.releaseMember(1, "b");
        String host = placer.placeMember(1, "e", NAT, HOSTS, List.of());
        assertTrue(List.of("h1", "h2").contains(host), host);
    }

    @Test
    void membersKeepTheirReservationWhenTheHostsChange() {
        placer.placeMember(1, "a", NAT, HOSTS, List.of());
        placer.placeMember(1, "b", NAT, HOSTS, List.of());
        placer.placeMember(1, "c", NAT, HOSTS, List.of());
        placer.placeMember(1, "d", NAT, HOSTS, List.of());
        // a third host registers: the engine is rebuilt with the four members where they run, so only h3 has room
        List<ModuleHost> three = List.of(host("h1"), host("h2"), host("h3"));
        assertEquals("h3", placer.placeMember(1, "e", NAT, three, List.of()));
        assertEquals("h3", placer.placeMember(1, "f", NAT, three, List.of()));
        assertThrows(PlacementRefusedException.class, () -> placer.placeMember(1, "g", NAT, three, List.of()));
    }

    @Test
    void anAllocationWithoutRoomIsRefusedInWordsNotAsARecord() {
        CheckResult checked = AllocationLanguage.check("nat.click", """
                inside :: FromNet("ip,nw_src=10.81.0.0/24", IONODE net0)
                outside :: FromNet("ip,nw_dst=198.51.100.8/31", IONODE net1)
                nat :: IPRewriter(EXTERNAL 198.51.100.8/31)
                toB :: ToNet(net1)
                toA :: ToNet(net0)
                inside -> [0]nat[0] -> toB
                outside -> [1]nat[1] -> toA
                """);
        assertTrue(checked.diagnostics().isEmpty(), checked.diagnostics().toString());
        List<ModuleHost> tiny =
                List.of(new ModuleHost("t1", "http://127.0.0.1:1/t1", 0.01, 1, List.of(), List.of(), true, 0));
        PlacementRefusedException refused =
                assertThrows(PlacementRefusedException.class, () -> placer.place(7, checked.service(), tiny));
        assertTrue(refused.getMessage().startsWith("cannot place allocation 7: "), refused.getMessage());
        assertTrue(!refused.getMessage().contains("Infeasibility"), refused.getMessage()); // words, not a record
    }

    private static ModuleHost host(String name) {
        return new ModuleHost(name, "http://127.0.0.1:1/" + name, 2.0, 1024, List.of(), List.of(), true, 0);
    }
}
