#!/usr/bin/env bash
# Benchmark: the fast path's JVM options, one at a time. For check-services (15 HTTP and PromQL checks on a sandbox),
# probe of one loopback URL and install --dry-run, runs the launcher's own command line against the same line
#   - without native reflection accessors (-Djdk.reflect.useNativeAccessorOnly=true), and
#   - with the AOT cache's method profiles replayed (without -XX:-AOTReplayTraining),
# each with the launcher's AOT cache. The runs are interleaved (A B C, C B A, ...): a shared machine's speed drifts
# over minutes, and one variant run after another would measure the drift. Prints median wall and CPU times and the
# ratio to the launcher's line. Needs python3.
RUNS=${RUNS:-30}
. "$(dirname "$(readlink -f "$0")")/common.sh"

# The launcher's exec line for ALIAS ARGS with its AOT cache, as a script, and the script without or with one option:
# the variants.
variants() {
  local alias=$1
  shift
  fast_line "$alias" "$@"
  printf '%q ' "${cmd[0]}" '-Xlog:aot*=off,cds*=off' "${launcher_options[@]}" -XX:AOTCache="$aot" "${cmd[@]:1}" "$@" > "$state/$alias.launcher.sh"
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
