#!/usr/bin/env bash
# Benchmark: the fast path's JVM options, one at a time. For check-services (15 HTTP and PromQL checks on a sandbox),
# probe of one loopback URL and install --dry-run, runs the launcher's own command line against the same line
#   - without native reflection accessors (-Djdk.reflect.useNativeAccessorOnly=true), and
#   - with the AOT cache's method profiles replayed (without -XX:-AOTReplayTraining),
# each with the launcher's AOT cache. The runs are interleaved (A B C, C B A, ...): a shared machine's speed drifts
# over minutes, and one variant run after another would measure the drift. Prints median wall and CPU times and the
# ratio to the launcher's line. Needs python3.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
RUNS=${RUNS:-30}
state=$(mktemp -d)
trap './jbang sandbox down --state-dir "$state" --purge -q >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
./jbang sandbox up --state-dir "$state" -q >/dev/null
file=$state/endpoints.json
url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["components"]["prometheus"]["url"])' "$file")/-/ready
fast=${JBANG_DIR:-$HOME/.jbang}/cache/obs-fast

# The launcher's exec line for ALIAS (after two runs and its AOT cache), as a script, and the script without or with
# one option: the variants.
variants() {
  local alias=$1 f aot n line
  shift
  ./jbang "$alias" "$@" >/dev/null 2>&1 || true
  ./jbang "$alias" "$@" >/dev/null 2>&1 || true
  for _ in $(seq 120); do
    f=$(grep -l -F -a "$PWD/jbang-catalog.json" "$fast/$alias"-*.launch | head -1)
    mapfile -d '' -t arr < "$f"
    aot=$f.aot-${arr[4]}
    [ -f "$aot" ] && break
    sleep 0.5
  done
  [ -f "$aot" ] || { echo "[obs] error: $alias: the launcher wrote no AOT cache" >&2; exit 1; }
  n=${arr[5]}
  local -a cmd=("${arr[@]:6+n:${#arr[@]}-7-n}")
  # The options as run_fast in ./jbang passes them.
  line=$(sed -n '/local -a jit=(/,/)/p' jbang | tr -d '\n' | sed 's/.*jit=(\(.*\)).*/\1/' | tr -s ' ')
  printf '%q ' "${cmd[0]}" '-Xlog:aot*=off,cds*=off' $line -XX:AOTCache="$aot" "${cmd[@]:1}" "$@" > "$state/$alias.launcher.sh"
  sed 's/ -Djdk\.reflect\.useNativeAccessorOnly=true//' "$state/$alias.launcher.sh" > "$state/$alias.no-native-accessors.sh"
  sed 's/ -XX:-AOTReplayTraining//' "$state/$alias.launcher.sh" > "$state/$alias.with-profile-replay.sh"
  grep -q useNativeAccessorOnly "$state/$alias.launcher.sh" && grep -q AOTReplayTraining "$state/$alias.launcher.sh" \
    || { echo "[obs] error: the launcher's JVM options changed; update this bench" >&2; exit 1; }
  OBS_HOME=$PWD python3 - "$RUNS" "$alias $*" "$state/$alias".{launcher,no-native-accessors,with-profile-replay}.sh <<'PY'
import os, resource, statistics, subprocess, sys, time
runs, title, scripts = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
wall = {s: [] for s in scripts}
cpu = {s: [] for s in scripts}
for i in range(runs + 2):
    for s in (scripts if i % 2 == 0 else scripts[::-1]):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(["bash", s], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        took = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if i >= 2:  # two warm-up rounds
            wall[s].append(took)
            cpu[s].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
base = statistics.median(wall[scripts[0]])
print(title[:60])
for s in scripts:
    name = os.path.basename(s).split(".", 1)[1][:-3]
    m = statistics.median(wall[s])
    print(f"  {name:22s} median {m:.3f} s  CPU {statistics.median(cpu[s]):.3f} s  x{m / base:.2f}")
PY
}

variants check-services --endpoints-file "$file" -q
variants probe "$url"
variants install --dry-run
