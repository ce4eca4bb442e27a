#!/usr/bin/env bash
# Load benchmark (issues 2 and 18): nginx serving a 7-byte file, then Lupa's pages for a
# visitor (front page, a post with 50 comments, archive, label, author and organisation pages,
# the Atom feed, search), the same post for a signed-in member, a hashed static asset and the
# health check, each served by a release build on `lupa demo` data, measured with wrk in one
# run, each as a ratio to nginx; then one connection, one request at a time for the asset; and
# the server's resident memory after the load.
# Usage: bench/run.sh [seconds-per-target] [connections]
#        BENCH_FLAMEGRAPH=docs/flamegraph-member-post.svg bench/run.sh 10 32   (also a flame graph)
#        BENCH_TARGETS="member-post search" bench/run.sh 10 32   (only these, beside nginx)
#        BENCH_HOLD=300 bench/run.sh 10 32   (then keeps the server up 300 s for perf by hand)
# Prints a Markdown table for docs/performance.md. Needs wrk and nginx (Debian's wrk and
# nginx-light are installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-15}"
CONNECTIONS="${2:-32}"
PORT="${BENCH_PORT:-3977}"
NGINX_PORT="${BENCH_NGINX_PORT:-3978}"

need() { command -v "$1" >/dev/null || [ -x "/usr/sbin/$1" ]; }
need wrk || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
need nginx || { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; }
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
# BENCH_LUPA_BIN=target/debug/lupa tries the script itself quickly; figures come from a release build.
BIN="${BENCH_LUPA_BIN:-target/release/lupa}"
[ -n "${BENCH_LUPA_BIN:-}" ] || cargo build --release -q

DATA="$(mktemp -d)"
cleanup() {
  [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null || true
  [ -f "$DATA/nginx/nginx.pid" ] && kill "$(cat "$DATA/nginx/nginx.pid")" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

# nginx on a 7-byte file: the yardstick every Lupa figure is divided by.
mkdir -p "$DATA/nginx/root" "$DATA/nginx/tmp"
printf 'hello!\n' >"$DATA/nginx/root/hello.txt"
# nginx's workers may run as another user (www-data when started as root): let them in.
chmod 711 "$DATA" "$DATA/nginx"
chmod -R a+rX "$DATA/nginx/root"
cat >"$DATA/nginx/nginx.conf" <<NGINX
worker_processes auto;
pid $DATA/nginx/nginx.pid;
error_log $DATA/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $DATA/nginx/tmp/body;
  proxy_temp_path $DATA/nginx/tmp/proxy;
  fastcgi_temp_path $DATA/nginx/tmp/fastcgi;
  uwsgi_temp_path $DATA/nginx/tmp/uwsgi;
  scgi_temp_path $DATA/nginx/tmp/scgi;
  server { listen 127.0.0.1:$NGINX_PORT; root $DATA/nginx/root; }
}
NGINX
"$NGINX" -p "$DATA/nginx" -c "$DATA/nginx/nginx.conf"

"$BIN" --data-dir "$DATA" demo >/dev/null 2>&1
TOKEN="$("$BIN" --data-dir "$DATA" token create --email kaisa.kirjoittaja@vero.example --name bench 2>/dev/null | tail -n 1)"

# The benchmark writes its 50 comments faster than a person may (the limit is tested elsewhere).
LUPA_LOG=warn LUPA_LIMITS__WRITES_PER_MINUTE=100000 LUPA_LIMITS__WRITES_PER_HOUR=100000 "$BIN" --data-dir "$DATA" --bind "127.0.0.1:$PORT" >"$DATA/server.log" 2>&1 &
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

# A signed-in member's session: the sign-in form's cookie and token, then the form.
JAR="$DATA/cookies"
FORM="$(curl -fs -c "$JAR" "$BASE/sign-in")"
CSRF="$(python3 -c 'import re,sys; print(re.search(r"name=\"csrf_token\" value=\"([^\"]+)\"", sys.stdin.read()).group(1))' <<<"$FORM")"
curl -fs -o /dev/null -b "$JAR" -c "$JAR" --data-urlencode "email=matti.jasen@te.example" \
  --data-urlencode "password=lupa-demo-salasana" --data-urlencode "csrf_token=$CSRF" "$BASE/sign-in"
SESSION="$(awk '$6=="lupa_session" {print $7}' "$JAR")"
[ -n "$SESSION" ] || { echo "could not sign in" >&2; exit 1; }

POST_PAGE="$(curl -fs "$BASE/posts/$SLUG")"
CSS="$(grep -o '/static/css/lupa\.[0-9a-f]*\.css' <<<"$POST_PAGE" | head -n 1)"
AUTHOR="$(grep -o '/people/[0-9]*' <<<"$POST_PAGE" | head -n 1)"

# measure NAME BASE PATH [wrk options...]: one wrk run; the rate is kept for the ratios.
measure() {
  local name="$1" base="$2" path="$3"
  shift 3
  # BENCH_TARGETS="member-post search": only these (and nginx, the yardstick).
  if [ -n "${BENCH_TARGETS:-}" ] && [ "$name" != nginx ] && [[ " $BENCH_TARGETS " != *" $name "* ]]; then
    return 0
  fi
  curl -fs -o /dev/null "$@" "$base$path" || { echo "GET $path failed" >&2; exit 1; }
  local out
  # A target with a script of its own ($DATA/NAME.lua) makes each request's address there.
  local script=()
  [ -f "$DATA/$name.lua" ] && script=(-s "$DATA/$name.lua")
  out="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${script[@]}" "$@" "$base$path")"
  local rps p50 p99
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  echo "$rps" >"$DATA/rps-$name"
  python3 - "$name" "$path" "$rps" "$p50" "$p99" "$DATA" <<'PY'
import sys, pathlib
name, path, rps, p50, p99, data = sys.argv[1:]
nginx = float((pathlib.Path(data) / "rps-nginx").read_text())
goals = {"post": 0.25, "front": 0.25, "archive": 0.25, "label": 0.25, "author": 0.25,
         "organisation": 0.25, "feed": 0.25, "member-post": 0.05, "asset": 0.5, "search": 0.05,
         "search-new": 0.05}
goal = f"≥ {goals[name]:.2f}×" if name in goals else ""
print(f"| {name} | `{path}` | {float(rps):,.0f} | {float(rps) / nginx:.2f}× | {goal} | {p50} | {p99} |")
PY
}

echo "| target | path | requests/s | ratio to nginx | goal | p50 | p99 |"
echo "|---|---|---|---|---|---|---|"
measure nginx "http://127.0.0.1:$NGINX_PORT" /hello.txt
measure asset "$BASE" "$CSS" -H "Accept-Encoding: br, gzip"
measure healthz "$BASE" /healthz
measure front "$BASE" /
measure post "$BASE" "/posts/$SLUG"
measure member-post "$BASE" "/posts/$SLUG" -H "Cookie: lupa_session=$SESSION"
measure archive "$BASE" /archive
measure label "$BASE" /labels/suorituskyky
measure author "$BASE" "$AUTHOR"
measure organisation "$BASE" /organizations/vero
measure feed "$BASE" /feed.atom
measure search "$BASE" "/search?q=asiakaspalvelu"
# A search no one has asked before: each request a new address (so the page cache cannot
# answer it), cycling through questions of different kinds: a word, an inflected form, a
# compound part, a prefix, two words, a phrase, one typed without ä/ö.
cat >"$DATA/search-new.lua" <<'LUA'
local questions = {"asiakaspalvelu", "asiakkaiden", "palvelu", "yrittäjille", "neuvonta",
  "verotus", "rahoitus", "kokemus", "tieto", "palvel*", "asiakas palvelu",
  "\"asiakaspalvelu toimii\"", "yrittaja", "kehittäminen", "työpaja", "kysely"}
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local counter = 0
request = function()
  counter = counter + 1
  local q = questions[(counter % #questions) + 1]
  return wrk.format("GET", "/search?q=" .. q:gsub("[^%w*]", function(c)
    return string.format("%%%02X", string.byte(c)) end) .. "&n=" .. (tid or 0) .. "-" .. counter)
end
LUA
measure search-new "$BASE" "/search?q=asiakaspalvelu&n=0"

# BENCH_FLAMEGRAPH=file.svg: where a signed-in member's post page spends its time. perf samples
# the server (cpu-clock, which works where hardware counters do not; DWARF unwinding from the
# binary's unwind tables) while wrk loads the page; inferno folds the stacks into an SVG.
if [ -n "${BENCH_FLAMEGRAPH:-}" ]; then
  command -v perf >/dev/null || { apt-get update -qq && apt-get install -y -qq linux-perf >/dev/null; }
  command -v inferno-flamegraph >/dev/null || cargo install --quiet inferno
  wrk -t2 -c"$CONNECTIONS" -d12s -H "Cookie: lupa_session=$SESSION" "$BASE/posts/$SLUG" >/dev/null &
  LOAD=$!
  sleep 1
  perf record -q -F 499 -e cpu-clock --call-graph dwarf,16384 -p "$SERVER" -o "$DATA/perf.data" -- sleep 10 2>/dev/null
  wait "$LOAD"
  perf script -i "$DATA/perf.data" 2>/dev/null | inferno-collapse-perf >"$DATA/folded"
  # Frames narrower than a pixel are left out: the SVG stays small enough to commit.
  inferno-flamegraph --minwidth 1 --title "Signed-in member's post page (50 comments)" \
    <"$DATA/folded" >"$BENCH_FLAMEGRAPH"
  echo "Flame graph of the member's post page: $BENCH_FLAMEGRAPH ($(wc -l <"$DATA/folded") distinct stacks)."
fi

# BENCH_HOLD=seconds: keep the server up that long after the load, for profiling by hand; its
# pid, address, post and session are written to $BENCH_HOLD_INFO (default /tmp/lupa-bench-hold).
if [ -n "${BENCH_HOLD:-}" ]; then
  printf 'SERVER=%s\nBASE=%s\nSLUG=%s\nSESSION=%s\n' "$SERVER" "$BASE" "$SLUG" "$SESSION" \
    >"${BENCH_HOLD_INFO:-/tmp/lupa-bench-hold}"
  sleep "$BENCH_HOLD"
fi

# One connection, one request at a time: what a first page view waits for its stylesheet.
one="$(wrk -t1 -c1 -d5s --latency "$BASE$CSS")"
echo
echo "One connection, one request at a time, \`$CSS\`: p50 $(awk '$1=="50%" {print $2}' <<<"$one"), p99 $(awk '$1=="99%" {print $2}' <<<"$one") (goal: under 1 ms)."
echo
rss="$(awk '/VmRSS/ {print $2, $3}' "/proc/$SERVER/status")"
peak="$(awk '/VmHWM/ {print $2, $3}' "/proc/$SERVER/status")"
echo "Resident memory of the Lupa server after the load: $rss (peak $peak)."
