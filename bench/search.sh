#!/usr/bin/env bash
# Search benchmark (issue 4): Lupa's own search (tantivy), SQLite FTS5 and PostgreSQL
# full-text search on one generated corpus of Finnish-like posts and comments, the same 200
# queries, top 10 by rank. Prints a Markdown report for docs/performance.md.
#
# Usage: bench/search.sh [--small | --posts N --comments N] [--rounds N] [--no-postgres] [--outbox WRITES]
#   bench/search.sh --posts 100000 --comments 500000   # the size issue 4 asks for
#   bench/search.sh --small                             # 2,000 posts, a minute or two
# PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres); the
# benchmark creates a fresh database next to it and drops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

URL="${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if [[ " $* " != *" --no-postgres "* ]] && command -v pg_isready >/dev/null; then
  pg_isready -q -d "$URL" || {
    echo "PostgreSQL at $URL is not answering: start it, or pass --no-postgres" >&2
    exit 1
  }
fi

cpu="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
mem="$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)"
echo "machine: $(nproc) cores ($cpu), ${mem} GiB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

BENCH_POSTGRES_URL="$URL" exec cargo bench --bench search -- "$@"
