#!/usr/bin/env bash
# Benchmark: verify-installation against a healthy full sandbox, end to end from the shell, warm caches.
# Runs it RUNS times (default 10) with -o json and prints, as medians over the runs:
#   wall      - the command's wall time (JVM start included)
#   steps     - each step's own time as it reports it
#   delivery  - each pipeline's time from push to found by a query (pushgateway, remote-write, alertmanager)
#   run       - the slowest step: the run's own time once the JVM runs (steps are parallel)
#   overhead  - wall time minus the slowest delivery: what obs adds to the pipelines' own delays
#               (scrape and evaluation interval: 2s in the sandbox), JVM start included
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
RUNS=${RUNS:-10}
state=$(mktemp -d)
trap './jbang sandbox down --state-dir "$state" --purge -q >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
./jbang sandbox up --state-dir "$state" -q >/dev/null
cmd=(./jbang verify-installation --state-dir "$state" -o json -q)
"${cmd[@]}" >/dev/null || true
"${cmd[@]}" >/dev/null || true
for i in $(seq "$RUNS"); do
  start=$(date +%s%N)
  "${cmd[@]}" > "$state/run-$i.json" || { echo "run $i failed:"; cat "$state/run-$i.json"; exit 1; }
  echo $(( ($(date +%s%N) - start) / 1000000 )) > "$state/wall-$i"
done
python3 - "$state" "$RUNS" <<'PY'
import json, sys, statistics as st
d, n = sys.argv[1], int(sys.argv[2])
walls, steps, delivery, overhead, runs, inner = [], {}, {}, [], [], []
for i in range(1, n + 1):
    wall = int(open(f"{d}/wall-{i}").read())
    walls.append(wall)
    run = json.load(open(f"{d}/run-{i}.json"))
    slowest = 0
    runs.append(max(s["durationMs"] for s in run["steps"]))
    for s in run["steps"]:
        if s["status"] != "skip":
            steps.setdefault(s["step"], []).append(s["durationMs"])
        for k, v in s["deliveryMs"].items():
            delivery.setdefault(k, []).append(v)
            slowest = max(slowest, v)
    overhead.append(wall - slowest)
    inner.append(runs[-1] - slowest)
print(f"runs: {n}")
print(f"wall      median {st.median(walls)} ms (min {min(walls)}, max {max(walls)})")
for k, v in steps.items():
    print(f"step      {k:12s} median {st.median(v)} ms (max {max(v)})")
for k, v in delivery.items():
    print(f"delivery  {k:12s} median {st.median(v)} ms (min {min(v)}, max {max(v)})")
print(f"run       median {st.median(runs)} ms (the slowest step)")
print(f"overhead  median {st.median(overhead)} ms (wall minus the slowest delivery of the same run)")
print(f"in-JVM    median {st.median(inner)} ms (slowest step minus the slowest delivery)")
PY
