package obs.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects a probe's samples and facts as it goes, then closes it with probe_success and probe_duration_seconds. */
final class ResultBuilder {
    private final long start = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private List<Hop> hops = List.of();
    private Duration latency;
    private Duration duration;
    private boolean timeless;

    ResultBuilder gauge(String name, double value) {
        samples.add(new Sample(name, Map.of(), value));
        return this;
    }

    /** A sample with labels given as name, value, name, value... */
    ResultBuilder gauge(String name, double value, String... labels) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        samples.add(new Sample(name, map, value));
        return this;
    }

    ResultBuilder fact(String key, Object value) {
        facts.put(key, value);
        return this;
    }

    ResultBuilder hops(List<Hop> path) {
        this.hops = List.copyOf(path);
        return this;
    }

    ResultBuilder latency(Duration value) {
        this.latency = value;
        return this;
    }

    /** A lost ping has no time: no latency, rather than the few microseconds it took to notice. */
    ResultBuilder noLatency() {
        this.timeless = true;
        return this;
    }

    /** The probe's real duration, when it began before this builder (an fping run shared by many targets). */
    ResultBuilder duration(Duration value) {
        this.duration = value;
        return this;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    ProbeResult success() {
        return finish(true, null);
    }

    ProbeResult failure(String error) {
        return finish(false, error);
    }

    private ProbeResult finish(boolean ok, String error) {
        Duration took = duration != null ? duration : elapsed();
        List<Sample> all = new ArrayList<>(samples);
        all.add(new Sample("probe_success", Map.of(), ok ? 1 : 0));
        all.add(new Sample("probe_duration_seconds", Map.of(), took.toNanos() / 1e9));
        return new ProbeResult(ok, took, timeless ? null : latency == null ? took : latency, error, List.copyOf(all), Collections.unmodifiableMap(new LinkedHashMap<>(facts)),
                hops, Instant.now());
    }
}
