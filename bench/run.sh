#!/usr/bin/env bash
# Load benchmark: the front page, a post with 50 comments and a small static file, each
# served by a release build of Lupa on `lupa demo` data, measured with wrk in one run.
# Usage: bench/run.sh [seconds-per-target] [connections]
# Prints a Markdown table for docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-15}"
CONNECTIONS="${2:-32}"
PORT="${BENCH_PORT:-3977}"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q
BIN=target/release/lupa

DATA="$(mktemp -d)"
cleanup() { [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

"$BIN" --data-dir "$DATA" demo >/dev/null 2>&1
TOKEN="$("$BIN" --data-dir "$DATA" token create --email kaisa.kirjoittaja@vero.example --name bench 2>/dev/null | tail -n 1)"

LUPA_LOG=warn "$BIN" --data-dir "$DATA" --bind "127.0.0.1:$PORT" >"$DATA/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

BASE="http://127.0.0.1:$PORT"
auth=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
SLUG="$(curl -fs "${auth[@]}" -X POST "$BASE/api/v1/posts" \
  -d '{"title":"Vertailukohta: viisikymmentä kommenttia","body":"Tällä kirjoituksella mitataan **kommenttisivun** nopeutta.\n\n- yksi\n- kaksi","labels":["suorituskyky"],"language":"fi","visibility":"public","status":"published"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["slug"])')"
parent=""
for i in $(seq 1 50); do
  if [ $((i % 3)) -eq 0 ] && [ -n "$parent" ]; then p=",\"parent_id\":$parent"; else p=""; fi
  id="$(curl -fs "${auth[@]}" -X POST "$BASE/api/v1/posts/$SLUG/comments" \
    -d "{\"body\":\"Kommentti numero $i: *asiakaspalvelu* toimii, kun [tieto](https://example.fi) kulkee.\"$p}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
  [ $((i % 3)) -eq 1 ] && parent="$id"
done

measure() {
  local name="$1" path="$2"
  curl -fs -o /dev/null "$BASE$path" || { echo "GET $path failed" >&2; exit 1; }
  local out
  out="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$BASE$path")"
  local rps p99
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  printf '| %s | `%s` | %s | %s |\n' "$name" "$path" "$rps" "$p99"
  echo "$rps" >"$DATA/rps-$name"
}

echo "| target | path | requests/s | p99 latency |"
echo "|---|---|---|---|"
measure static /static/css/lupa.css
measure front /
measure post "/posts/$SLUG"

python3 - "$DATA" <<'PY'
import sys, pathlib
d = pathlib.Path(sys.argv[1])
s, f, p = (float((d / f"rps-{n}").read_text()) for n in ("static", "front", "post"))
print()
print(f"Front page at {f / s:.0%} of the static file's rate; post page with 50 comments at {p / s:.0%} (goal: 25 % or more).")
PY
