#!/usr/bin/env bash
# Benchmark: what the runbook command adds around the steps it runs, end to end from the shell, warm caches.
# Compares, in one run on the same sandbox (Prometheus and Alertmanager):
#   runbook - ./jbang runbook prometheus-ready --state-dir DIR: the page parsed, its one obs step run
#             (check-services as a process of its own), two kubectl steps judged and skipped
#   step    - that step alone: ./jbang check-services --component prometheus --state-dir DIR
# and prints the median wall times and their ratio. Needs hyperfine.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
RUNS=${RUNS:-10}
state=$(mktemp -d)
trap './jbang sandbox down --state-dir "$state" --purge -q >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
./jbang sandbox up --state-dir "$state" --only prometheus,alertmanager -q >/dev/null
runbook="./jbang runbook prometheus-ready --state-dir $state -q"
step="./jbang check-services --component prometheus --state-dir $state -q"
# Builds and the launcher's caches first, so that both sides are measured warm.
for _ in 1 2; do $runbook >/dev/null; $step >/dev/null; done
hyperfine -N --runs "$RUNS" --export-json "$state/bench.json" -n runbook "$runbook" -n step "$step" >/dev/null
python3 - "$state/bench.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"runbook {r['runbook']*1000:.0f} ms, its step alone {r['step']*1000:.0f} ms, ratio {r['runbook']/r['step']:.2f}")
PY
