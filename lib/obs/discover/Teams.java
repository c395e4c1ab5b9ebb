package obs.discover;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import obs.values.Values;

/** The profile's discovery.teams, compiled: which team (CXTAF, CXTM, ...) a Service belongs to, if any. */
public final class Teams {
    private record Team(String name, Pattern namespaces, Pattern services, Map<String, Pattern> labels) {
    }

    private final List<Team> teams;

    private Teams(List<Team> teams) {
        this.teams = teams;
    }

    /** The values were checked when the profile was read, so every expression compiles. */
    static Teams of(List<Values.DiscoveryTeam> teams) {
        return new Teams(teams.stream().map(t -> {
            Map<String, Pattern> labels = new LinkedHashMap<>();
            t.labels().forEach((k, v) -> labels.put(k, compile(v)));
            return new Team(t.name(), compile(t.namespaces()), compile(t.services()), labels);
        }).toList());
    }

    /** No team patterns at all. */
    static Teams none() {
        return new Teams(List.of());
    }

    private static Pattern compile(String regex) {
        return regex.isEmpty() ? null : Pattern.compile(regex);
    }

    /** The first team (in profile order) whose namespace, name or label pattern matches; null for none. */
    String teamOf(Service s, List<Pod> pods) {
        for (Team t : teams) {
            if (matches(t.namespaces, s.getMetadata().getNamespace()) || matches(t.services, s.getMetadata().getName())
                    || labelsMatch(t, s.getMetadata().getLabels())
                    || pods.stream().anyMatch(p -> labelsMatch(t, p.getMetadata().getLabels()))) {
                return t.name;
            }
        }
        return null;
    }

    private static boolean labelsMatch(Team t, Map<String, String> labels) {
        return labels != null && t.labels.entrySet().stream()
                .anyMatch(e -> e.getValue() != null && labels.containsKey(e.getKey()) && matches(e.getValue(), labels.get(e.getKey())));
    }

    private static boolean matches(Pattern p, String text) {
        return p != null && text != null && p.matcher(text).matches();
    }
}
