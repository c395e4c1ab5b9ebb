#!/usr/bin/env bash
# Benchmark: probes per second and p50/p99 on loopback, obs's `probe serve` /probe and its in-process engine
# against the real blackbox exporter's /probe in the same run (wrk drives both, closed loop), then both exporters'
# p50/p99 at the same fixed rate (open loop, latency from each request's due time), and ICMP to 200 targets
# against fping alone. Prints tables with the ratios and ranges. Needs wrk, prometheus-blackbox-exporter and fping (Debian packages).
# Arguments: [seconds per run, default 5] [connections, default 16]. See tests/obs/probe/bench/ProbeBench.java.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
for tool in wrk prometheus-blackbox-exporter fping; do
  command -v "$tool" >/dev/null || { echo "[obs] error: $tool is missing: apt-get install $tool" >&2; exit 3; }
done
jdk=$(bin/find-jdk) || exit 3
export JAVA_HOME=$jdk
log=$(mktemp)
trap 'rm -f "$log"' EXIT
build() { mvn -B -ntp -Dstyle.color=never "$@" test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt; }
build -o >"$log" 2>&1 || build >"$log" 2>&1 || { cat "$log" >&2; echo "[obs] error: the build failed (above)" >&2; exit 4; }
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  obs.probe.bench.ProbeBench "${1:-5}" "${2:-16}"
