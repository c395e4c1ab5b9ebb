package obs.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import obs.core.ObsException;
import obs.manifests.ManifestSet;
import obs.values.Profiles;
import obs.values.Values;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** discovery.teams in a profile: the defaults of the CALO lab, and a malformed pattern named by file, line and key. */
class TeamPatternsTest {
    @TempDir Path tmp;

    Profiles profiles(String name, String text) throws IOException {
        for (String f : List.of("default.yaml", "sizes.yaml")) {
            Files.copy(Path.of("manifests/profiles", f), tmp.resolve(f));
        }
        Files.writeString(tmp.resolve(name + ".yaml"), text);
        return new Profiles(tmp, ManifestSet.load(Path.of("manifests")).toggles(), Set.of("k8s_api", "dns_udp"));
    }

    @Test
    void theDefaultsAreTheCaloLabsCxtafAndCxtm() {
        Values v = ManifestSet.load(Path.of("manifests")).profiles().base();
        assertEquals(List.of(new Values.DiscoveryTeam("cxtaf", "cxtaf-.*", "cxtaf-.*", java.util.Map.of("app", "cxtaf.*"), "discovery.teams.cxtaf"),
                new Values.DiscoveryTeam("cxtm", "cxtm", "cxtm-.*", java.util.Map.of("app", "cxtm.*"), "discovery.teams.cxtm")),
                v.discoveryTeams());
    }

    @Test
    void aMalformedPatternNamesTheFileLineAndKey() throws IOException {
        Profiles p = profiles("lab", "discovery:\n  teams:\n    cxtm:\n      services: \"cxtm-[web\"\n");
        ObsException e = assertThrows(ObsException.class, () -> p.resolve("lab", List.of(), List.of(), null));
        assertEquals(tmp.resolve("lab.yaml") + ":4:17: discovery.teams services pattern 'cxtm-[web' is not a regular expression: "
                + "Unclosed character class at character 9", e.getMessage());
    }

    @Test
    void aTeamNameMustBeALabelValue() throws IOException {
        Profiles p = profiles("lab", "discovery:\n  teams:\n    CXTM:\n      services: \"cxtm-.*\"\n");
        ObsException e = assertThrows(ObsException.class, () -> p.resolve("lab", List.of(), List.of(), null));
        assertEquals(tmp.resolve("lab.yaml") + ":3:5: 'CXTM' is not a team name (lower-case letters, digits, '-', '_', '.'; it becomes "
                + "the value of the team label)", e.getMessage());
    }

    @Test
    void aNewTeamMayGiveOnlySomePatterns() throws IOException {
        Profiles p = profiles("lab", "discovery:\n  teams:\n    payments:\n      namespaces: \"pay-.*\"\n");
        Values v = p.resolve("lab", List.of(), List.of(), null);
        assertEquals(new Values.DiscoveryTeam("payments", "pay-.*", "", java.util.Map.of(), "discovery.teams.payments"),
                v.discoveryTeams().getLast());
    }
}
