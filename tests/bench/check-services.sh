#!/usr/bin/env bash
# Benchmark: check-services against the full sandbox, end to end from the shell, warm caches.
# Compares, in one run on the same sandbox:
#   jbang - ./jbang check-services through JBang (OBS_NO_FASTPATH=1): JBang's JVM, then the script's
#   fast  - ./jbang check-services on the launcher's fast path (direct JVM start with an AOT cache)
#   curl  - the same HTTP and PromQL requests done one after another with curl, as a bash script would
# and prints median wall times and ratios. Needs hyperfine and python3-yaml.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
RUNS=${RUNS:-10}
state=$(mktemp -d)
trap './jbang sandbox down --state-dir "$state" --purge -q >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
./jbang sandbox up --state-dir "$state" -q >/dev/null
file=$state/endpoints.json

# The URLs that the HTTP and PromQL checks of the running components request.
python3 - "$file" > "$state/urls" <<'PY'
import json, sys, glob, urllib.parse, yaml
eps = json.load(open(sys.argv[1]))["components"]
for f in sorted(glob.glob("checks/*.yaml")):
    d = yaml.safe_load(open(f))
    if d["component"] not in eps:
        continue
    for c in d["checks"]:
        if "http" in c:
            print(eps[d["component"]]["url"] + c["http"]["path"])
        elif "promql" in c:
            print(eps["prometheus"]["url"] + "/api/v1/query?query=" + urllib.parse.quote(c["promql"]["query"]))
PY
printf '#!/usr/bin/env bash\nwhile read -r url; do curl -s -o /dev/null "$url"; done < %s\n' "$state/urls" > "$state/curl.sh"
chmod +x "$state/curl.sh"
echo "requests per run: $(wc -l < "$state/urls")"

cmd="./jbang check-services --endpoints-file $file -q"
$cmd >/dev/null || true
$cmd >/dev/null || true
# A run recorded the fast path's AOT cache; wait for the background JVM that writes it.
for _ in $(seq 60); do
  compgen -G "${JBANG_DIR:-$HOME/.jbang}/cache/obs-fast/check-services-*.launch.aot-*[0-9]" >/dev/null && break
  sleep 0.5
done
hyperfine -N -w 2 -r "$RUNS" -i --export-json "$state/h.json" \
  -n jbang "env OBS_NO_FASTPATH=1 $cmd" -n fast "$cmd" -n curl "$state/curl.sh" >/dev/null
python3 - "$state/h.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
med = {k: v["median"] for k, v in r.items()}
for k in ("jbang", "fast", "curl"):
    print(f"{k:6s} median {med[k]:.3f} s  (min {r[k]['min']:.3f}, max {r[k]['max']:.3f})")
print(f"fast path vs through JBang: {med['jbang'] / med['fast']:.2f}x faster")
print(f"fast path vs sequential curl: {med['curl'] / med['fast']:.2f}x (above 1: obs is faster)")
PY
