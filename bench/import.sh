#!/usr/bin/env bash
# Import benchmark (issue 17): peak memory and time of `lupa import wordpress` on a generated
# WordPress export of about 200 MB (posts of Finnish-like text with labels and threaded
# comments), into a fresh SQLite database. The import must stay under 256 MB of resident
# memory whatever the file's size: the file is read as a stream, one post at a time.
# Not part of .ci/run.
#
# Usage: bench/import.sh [SIZE_MB]        (default 200)
#   BENCH_LUPA=target/debug/lupa bench/import.sh 200   # measure a build you already have
# Without BENCH_LUPA it builds `lupa` with `cargo build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB="${1:-200}"
LIMIT_MB=256
if [[ -z "${BENCH_LUPA:-}" ]]; then
  cargo build --release --bin lupa >&2
  BENCH_LUPA=target/release/lupa
fi
[[ -x /usr/bin/time ]] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export="$work/export.xml"

python3 - "$export" "$SIZE_MB" <<'PY'
import random, sys
path, size_mb = sys.argv[1], int(sys.argv[2])
target = size_mb * 1024 * 1024
rnd = random.Random(17)
words = ("asiakas palvelu verotus kunta hakemus päätös neuvonta kehittäminen saavutettavuus "
         "digituki kirjasto lomake ajanvaraus tunnistautuminen kysely palaute tiimi kokeilu "
         "yhteistyö virasto asukas sähköinen asiointi prosessi tavoite mittari käyttäjä "
         "haastattelu työpaja raportti suunnitelma ohjeistus selkokieli").split()
labels = ["Digituki", "Asiakaspalvelu", "Verotus", "Kirjastot", "Avoin data",
          "Saavutettavuus", "Kokeilut", "Palvelumuotoilu"]
def sentence():
    s = " ".join(rnd.choice(words) for _ in range(rnd.randint(6, 18)))
    return s[0].upper() + s[1:] + "."
def paragraph():
    return " ".join(sentence() for _ in range(rnd.randint(3, 7)))
with open(path, "w", encoding="utf-8") as out:
    out.write('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
              'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
              'xmlns:dc="http://purl.org/dc/elements/1.1/" '
              'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
              '<title>Vertailublogi</title><link>https://bench.example</link>\n'
              '<wp:base_blog_url>https://bench.example</wp:base_blog_url>\n')
    for a in range(20):
        out.write(f'<wp:author><wp:author_id>{a + 1}</wp:author_id><wp:author_login>k{a}</wp:author_login>'
                  f'<wp:author_email>kirjoittaja{a}@bench.example</wp:author_email>'
                  f'<wp:author_display_name><![CDATA[Kirjoittaja {a}]]></wp:author_display_name></wp:author>\n')
    n, comment_id = 0, 0
    while out.tell() < target:
        n += 1
        day = 1 + n % 28
        month = 1 + (n // 28) % 12
        year = 2005 + (n // 336) % 15
        body = "\n\n".join(paragraph() for _ in range(rnd.randint(10, 40)))
        cats = "".join(f'<category domain="post_tag" nicename="t"><![CDATA[{l}]]></category>'
                       for l in rnd.sample(labels, 2))
        comments = []
        first = None
        for c in range(rnd.randint(0, 6)):
            comment_id += 1
            parent = first if first and rnd.random() < 0.3 else 0
            first = first or comment_id
            comments.append(
                f'<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>'
                f'<wp:comment_author><![CDATA[Lukija {rnd.randint(1, 500)}]]></wp:comment_author>'
                f'<wp:comment_date_gmt>{year}-{month:02d}-{day:02d} 12:{c:02d}:00</wp:comment_date_gmt>'
                f'<wp:comment_content><![CDATA[{paragraph()}]]></wp:comment_content>'
                f'<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>'
                f'<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>')
        out.write(f'<item><title>Kirjoitus {n}: {sentence()[:60]}</title>'
                  f'<link>https://bench.example/{year}/{month:02d}/kirjoitus-{n}/</link>'
                  f'<dc:creator>k{n % 20}</dc:creator><guid isPermaLink="false">https://bench.example/?p={n}</guid>'
                  f'<content:encoded><![CDATA[{body}]]></content:encoded>'
                  f'<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>{year}-{month:02d}-{day:02d} 09:00:00</wp:post_date_gmt>'
                  f'<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>{cats}{"".join(comments)}</item>\n')
    out.write('</channel>\n</rss>\n')
print(f"generated {n} posts and {comment_id} comments", file=sys.stderr)
PY

echo "export: $(du -m "$export" | cut -f1) MB; lupa: $BENCH_LUPA" >&2
"$BENCH_LUPA" --data-dir "$work/data" org create --name "Vertailuvirasto" --short bench >/dev/null
LUPA_LOG=warn /usr/bin/time -v "$BENCH_LUPA" --data-dir "$work/data" \
  import wordpress "$export" --org bench >"$work/summary.txt" 2>"$work/time.txt" || {
  cat "$work/time.txt" >&2
  exit 1
}
cat "$work/summary.txt"
peak_kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")"
elapsed="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")"
peak_mb=$((peak_kb / 1024))
echo "peak resident memory: ${peak_mb} MB (limit ${LIMIT_MB} MB); wall clock: ${elapsed}"
if (( peak_mb >= LIMIT_MB )); then
  echo "over the limit" >&2
  exit 1
fi
