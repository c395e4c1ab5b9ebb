package obs.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Relabelling as Prometheus does it (model/relabel/relabel.go), rule by rule. */
class RelabelTest {
    static Map<String, String> apply(String rulesYaml, Map<String, String> labels) {
        List<Map<String, Object>> rules = new Yaml(new SafeConstructor(new LoaderOptions())).load(rulesYaml);
        return Relabel.apply(rules.stream().map(Relabel::of).toList(), labels);
    }

    static Map<String, String> labels(String... kv) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void keepAndDropMatchTheWholeJoinedValue() {
        String keep = "[{source_labels: [a, b], regex: 'x;y', action: keep}]";
        assertEquals(labels("a", "x", "b", "y"), apply(keep, labels("a", "x", "b", "y")));
        assertNull(apply(keep, labels("a", "x", "b", "yy")), "anchored at both ends");
        assertNull(apply("[{source_labels: [missing], regex: 'true', action: keep}]", labels("a", "x")), "a missing label is empty");
        assertNull(apply("[{source_labels: [a], regex: 'x|z', action: drop}]", labels("a", "x")));
        assertEquals(labels("a", "q"), apply("[{source_labels: [a], separator: '', regex: 'x|z', action: drop}]", labels("a", "q")));
    }

    @Test
    void replaceDefaultsAndEmptyResults() {
        assertEquals(labels("a", "v", "b", "v"), apply("[{source_labels: [a], target_label: b}]", labels("a", "v")));
        assertEquals(labels("b", "w"), apply("[{source_labels: [missing], target_label: a}]", labels("a", "v", "b", "w")),
                "an empty result deletes the target label");
        assertEquals(labels("a", "v"), apply("[{source_labels: [a], regex: 'nomatch', target_label: b, replacement: x}]", labels("a", "v")),
                "no match, no change");
        assertEquals(labels("__address__", "blackbox-exporter:9115"),
                apply("[{target_label: __address__, replacement: 'blackbox-exporter:9115'}]", labels("__address__", "x:1")));
    }

    @Test
    void goStyleExpansion() {
        assertEquals("v-", apply("[{source_labels: [a], regex: '(.*)', target_label: b, replacement: '${1}-'}]", labels("a", "v")).get("b"));
        assertNull(apply("[{source_labels: [a], regex: '(.*)', target_label: b, replacement: '$1x'}]", labels("a", "v")).get("b"),
                "$1x names the group 1x, which does not exist: empty, so b is not set");
        assertEquals("$v", apply("[{source_labels: [a], regex: '(.*)', target_label: b, replacement: '$$$1'}]", labels("a", "v")).get("b"));
        assertEquals("k=v", apply("[{source_labels: [a], regex: '(?P<key>[a-z]+)=(?P<val>.*)', target_label: b, replacement: '$key=$val'}]",
                labels("a", "k=v")).get("b"));
        assertEquals(labels("a", "v", "v_b", "v"), apply("[{source_labels: [a], target_label: '${1}_b'}]", labels("a", "v")),
                "the target label expands too");
        assertEquals(labels("a", "1v"), apply("[{source_labels: [a], target_label: '${1}b'}]", labels("a", "1v")),
                "an expanded target that is not a label name changes nothing");
    }

    @Test
    void theShippedAddressRewrites() {
        String services = "[{source_labels: [__address__, ann], regex: '(.+):(?:\\d+);(\\d+)', replacement: '$1:$2', target_label: __address__}]";
        assertEquals("10.42.0.7:8081", apply(services, labels("__address__", "10.42.0.7:80", "ann", "8081")).get("__address__"));
        assertEquals("10.42.0.7:80", apply(services, labels("__address__", "10.42.0.7:80")).get("__address__"), "no port annotation");
        String v6 = "[{source_labels: [port, ip], regex: '(\\d+);([0-9a-fA-F:]+:[0-9a-fA-F:]*)', replacement: '[$2]:$1', target_label: __address__}]";
        assertEquals("[fd00::7]:9000", apply(v6, labels("port", "9000", "ip", "fd00::7")).get("__address__"));
    }

    @Test
    void labelActions() {
        assertEquals(labels("__meta_kubernetes_service_label_app", "web", "app", "web"),
                apply("[{regex: '__meta_kubernetes_service_label_(.+)', action: labelmap}]", labels("__meta_kubernetes_service_label_app", "web")));
        assertEquals(labels("keep", "1"), apply("[{regex: 'drop.*', action: labeldrop}]", labels("keep", "1", "drop_me", "2")));
        assertEquals(labels("keep", "1"), apply("[{regex: 'keep', action: labelkeep}]", labels("keep", "1", "other", "2")));
        assertEquals("abc", apply("[{source_labels: [a], target_label: b, action: lowercase}]", labels("a", "AbC")).get("b"));
        assertEquals("ABC", apply("[{source_labels: [a], target_label: b, action: uppercase}]", labels("a", "AbC")).get("b"));
        assertEquals(labels("a", "x", "b", "x"), apply("[{source_labels: [a], target_label: b, action: keepequal}]", labels("a", "x", "b", "x")));
        assertNull(apply("[{source_labels: [a], target_label: b, action: dropequal}]", labels("a", "x", "b", "x")));
        String shard = apply("[{source_labels: [a], target_label: s, modulus: 4, action: hashmod}]", labels("a", "x")).get("s");
        assertEquals(true, List.of("0", "1", "2", "3").contains(shard), shard);
    }

    @Test
    void badRulesAreNamed() {
        assertEquals("unknown relabel action 'keepp'",
                assertThrows(IllegalArgumentException.class, () -> apply("[{action: keepp}]", labels())).getMessage());
        assertEquals("relabel regex '(a' is not valid: Unclosed group",
                assertThrows(IllegalArgumentException.class, () -> apply("[{regex: '(a'}]", labels())).getMessage());
        assertEquals("hashmod needs a modulus above 0",
                assertThrows(IllegalArgumentException.class, () -> apply("[{action: hashmod, target_label: s}]", labels())).getMessage());
    }
}
