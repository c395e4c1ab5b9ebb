#!/usr/bin/env bash
# Benchmark: start-up of three commands on the launcher's fast path, against the same launch with picocli's original
# Java 5 jar (which JDK 25's AOT cache cannot keep; the fast path runs an upgraded copy, see bin/OldBytecode.java).
# Both variants run with their own AOT cache, in one hyperfine run per command, on the same sandbox:
#   check-services --endpoints-file (15 HTTP and PromQL checks), probe of one loopback URL, install --dry-run.
# Prints median wall times and the ratio. Needs hyperfine. For obs against curl, see check-services.sh.
RUNS=${RUNS:-15}
. "$(dirname "$(readlink -f "$0")")/common.sh"

bench() {
  local alias=$1 old
  shift
  fast_line "$alias" "$@"
  # The original jar is among the watched inputs of the launch file.
  local original upgraded
  original=$(tr '\0' '\n' < "${aot%.aot-*}" | grep -m1 '/picocli-[0-9.]*\.jar$')
  old=("${cmd[@]}")
  for i in "${!old[@]}"; do
    upgraded=$(tr ':' '\n' <<< "${old[i]}" | grep -m1 '/obs-fast/upgraded/picocli-' || true)
    [ -z "$upgraded" ] || old[i]=${old[i]/"$upgraded"/"$original"}
  done
  [ "${old[*]}" != "${cmd[*]}" ] || { echo "[obs] error: $alias: the fast path does not run an upgraded picocli" >&2; exit 1; }
  local jit=("${launcher_options[@]}" '-Xlog:aot*=off,cds*=off')
  # Each variant gets an AOT cache trained on these very arguments (the launcher's was trained on whatever run came
  # first after the build).
  train() {
    local name=$1
    shift
    OBS_HOME=$PWD "$1" "${jit[@]}" -XX:AOTMode=record -XX:AOTConfiguration="$state/$name.conf" "${@:2}" "${args[@]}" >/dev/null 2>&1 || true
    OBS_HOME=$PWD "$1" "${jit[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$state/$name.conf" -XX:AOTCache="$state/$name.aot" "${@:2}" >/dev/null 2>&1
    printf '%q ' "$1" "${jit[@]}" -XX:AOTCache="$state/$name.aot" "${@:2}" "${args[@]}" > "$state/$name.sh"
  }
  local args=("$@")
  train new "${cmd[@]}"
  train old "${old[@]}"
  OBS_HOME=$PWD hyperfine -N -w 2 -r "$RUNS" -i --export-json "$state/h.json" \
    -n upgraded "bash $state/new.sh" -n java5 "bash $state/old.sh" >/dev/null
  python3 - "$state/h.json" "$alias $*" <<'PY'
import json, sys
res = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
r = {k: v["median"] for k, v in res.items()}
cpu = {k: v["user"] + v["system"] for k, v in res.items()}
print(f"{sys.argv[2][:48]:48s} median upgraded {r['upgraded']:.3f} s, java5 {r['java5']:.3f} s, gain {1000 * (r['java5'] - r['upgraded']):.0f} ms;"
      f" CPU {cpu['upgraded']:.3f} s against {cpu['java5']:.3f} s")
PY
}

bench check-services --endpoints-file "$file" -q
bench probe "$url"
bench install --dry-run
