package obs.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import obs.core.Exit;
import obs.core.ObsException;
import org.junit.jupiter.api.Test;

class StackTest {
    @Test
    void namesArePlainAndUniqueAndPathsFollowThem() {
        Set<String> names = new HashSet<>();
        for (Component c : Stack.COMPONENTS) {
            assertTrue(c.name().matches("[a-z][a-z-]*"), c.name());
            assertTrue(names.add(c.name()), "duplicate " + c.name());
            assertEquals("checks/" + c.name() + ".yaml", c.checksFile());
            assertTrue(Files.isRegularFile(Path.of(c.checksFile())), c.checksFile());
            assertTrue(c.healthPath().startsWith("/") && c.readyPath().startsWith("/"), c.name());
            Set<Integer> ports = new HashSet<>();
            c.ports().forEach(p -> assertTrue(ports.add(p.number()), c.name() + " repeats port " + p.number()));
        }
    }

    @Test
    void theDesignsComponentsAreAllThere() {
        for (String name : new String[] {"prometheus", "alertmanager", "grafana", "loki", "alloy", "tempo", "node-exporter",
                "kube-state-metrics", "blackbox-exporter", "smokeping", "mtr-analyzer", "pushgateway", "discovery"}) {
            assertTrue(Stack.find(name).isPresent(), name);
        }
        assertEquals(9090, Stack.get("prometheus").httpPort().number());
        assertEquals("prometheus-alertmanager", Stack.get("alertmanager").local().debianPackage());
    }

    @Test
    void unknownComponentIsAUsageErrorListingTheKnownOnes() {
        ObsException e = assertThrows(ObsException.class, () -> Stack.get("grafna"));
        assertEquals(Exit.USAGE, e.exit());
        assertTrue(e.getMessage().startsWith("unknown component 'grafna' (known: prometheus, alertmanager, grafana"), e.getMessage());
    }
}
