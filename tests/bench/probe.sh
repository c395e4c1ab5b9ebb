#!/usr/bin/env bash
# Benchmark: probes per second on loopback, obs's `probe serve` /probe and its in-process engine against the
# real blackbox exporter's /probe in the same run (wrk drives both), and ICMP to 200 targets against fping
# alone. Prints a table with the ratios. Needs wrk, prometheus-blackbox-exporter and fping (Debian packages).
# Arguments: [seconds per run, default 5] [connections, default 16]. See tests/obs/probe/bench/ProbeBench.java.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
for tool in wrk prometheus-blackbox-exporter fping; do
  command -v "$tool" >/dev/null || { echo "[obs] error: $tool is missing: apt-get install $tool" >&2; exit 3; }
done
jdk=$(bin/find-jdk) || exit 3
export JAVA_HOME=$jdk
mvn -B -ntp -o -Dstyle.color=never test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null \
  || mvn -B -ntp -Dstyle.color=never test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
exec "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  obs.probe.bench.ProbeBench "${1:-5}" "${2:-16}"
