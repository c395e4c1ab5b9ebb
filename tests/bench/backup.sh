#!/usr/bin/env bash
# Benchmark: backup's copy+SHA-256 of a >= 1 GiB TSDB-shaped folder against `tar -cf - DIR | sha256sum`, and the
# Grafana export of 2,000 dashboards (fake, 20 ms per request) 8 at a time against one at a time, and --compress none, gzip
# and zstd on the same data (size, write and unpack time). Needs ~3 GiB in /tmp. Argument: tsdb, grafana or compression alone.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -B -ntp -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -cp "target/test-classes:target/classes:$(cat target/bench.cp)" obs.backup.bench.BackupBench "$@"
