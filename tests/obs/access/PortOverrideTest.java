package obs.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import obs.stack.Component;
import obs.stack.Stack;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** {@code --endpoint NAME:PORT=URL}: an override for one named port other than the first (Tempo's receivers). */
class PortOverrideTest {
    static final Component TEMPO = Stack.get("tempo");

    static Component.Port port(String name) {
        return TEMPO.ports().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aPortOverrideRoutesThatPortAndTheComponentOverrideTheFirst() throws Exception {
        Endpoints e = new Endpoints(Map.of("tempo", URI.create("http://127.0.0.1:3200"),
                "tempo:otlp-http", URI.create("http://127.0.0.1:4318")), null, null, false);
        assertEquals("http://127.0.0.1:4318/v1/traces", e.route(TEMPO, port("otlp-http")).orElseThrow().describe("/v1/traces"));
        assertEquals("http://127.0.0.1:3200/ready", e.route(TEMPO, TEMPO.httpPort()).orElseThrow().describe("/ready"));
        assertTrue(e.route(TEMPO, port("zipkin")).isEmpty());
        assertEquals(URI.create("http://127.0.0.1:4318"), e.route(TEMPO, port("otlp-http")).orElseThrow().baseUrl().orElseThrow());
    }

    @Test
    void theOptionNamesAKnownPortAndItsComponentIsTheOneInstalled() {
        EndpointOption o = new EndpointOption.Converter().convert("tempo:zipkin=http://127.0.0.1:9411");
        assertEquals("tempo:zipkin", o.component());
        assertEquals("tempo", EndpointOption.componentOf(o.component()));
        var bad = assertThrows(TypeConversionException.class, () -> new EndpointOption.Converter().convert("tempo:otlp=http://x"));
        assertEquals("component 'tempo' has no port 'otlp' (ports: [http, otlp-grpc, otlp-http, jaeger-grpc, jaeger-thrift, zipkin])",
                bad.getMessage());
    }
}
