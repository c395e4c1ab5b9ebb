# Sourced by the start-up benches (startup.sh, flags.sh): a sandbox of their own, stopped and removed on exit, and the
# launcher's fast-path command line of an alias.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
state=$(mktemp -d)
trap './jbang sandbox down --state-dir "$state" --purge -q >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
./jbang sandbox up --state-dir "$state" -q >/dev/null
file=$state/endpoints.json
url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["components"]["prometheus"]["url"])' "$file")/-/ready
fast=${JBANG_DIR:-$HOME/.jbang}/cache/obs-fast

# The JVM options run_fast in ./jbang gives a short command, read from the launcher itself.
mapfile -t launcher_options < <(sed -n '/local -a jit=(/,/)/p' jbang | tr -d '\n' | sed 's/.*jit=(\(.*\)).*/\1/' | tr -s ' ' '\n' | grep .)

# Runs ALIAS ARGS twice through the launcher and waits for its AOT cache; then aot is that cache and cmd the command
# line of the fast-path file (the launcher's file layout).
fast_line() {
  local alias=$1 f n
  shift
  ./jbang "$alias" "$@" >/dev/null 2>&1 || true
  ./jbang "$alias" "$@" >/dev/null 2>&1 || true
  for _ in $(seq 120); do
    f=$(grep -l -F -a "$PWD/jbang-catalog.json" "$fast/$alias"-*.launch | head -1)
    mapfile -d '' -t arr < "$f"
    n=${arr[5]}
    aot=$f.aot-${arr[4]}
    cmd=("${arr[@]:6+n:${#arr[@]}-7-n}")
    [ -f "$aot" ] && return
    sleep 0.5
  done
  echo "[obs] error: $alias: the launcher wrote no AOT cache" >&2
  exit 1
}
