//! Search benchmark (issue 4): one corpus of Finnish-like posts and comments, 200 queries,
//! three engines — Lupa's own search (tantivy, through `lupa::search::Search`), SQLite FTS5
//! and PostgreSQL full-text search — each asked for the top 10 by rank.
//!
//! `cargo bench --bench search -- --posts 100000 --comments 500000` (or `--small` while
//! developing; `bench/search.sh` wraps it). Prints a Markdown report for
//! docs/performance.md. Lupa's queries run in a child process of this binary on the data
//! folder built here, so its resident memory is that of a process that only serves search.
mod corpus;
mod fingerprint;
mod fts5;
mod outbox;
mod postgres;
mod seed;

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use clap::Parser;
use lupa::{
    auth::permissions::{Actor, Role},
    config::Settings,
    search::Search,
};
use serde::{Deserialize, Serialize};

use corpus::{Query, QueryKind};

#[derive(Parser, Debug)]
#[command(about = "Lupa's search against SQLite FTS5 and PostgreSQL full-text search")]
struct Args {
    /// Posts in the corpus.
    #[arg(long, default_value_t = 100_000)]
    posts: usize,
    /// Comments in the corpus.
    #[arg(long, default_value_t = 500_000)]
    comments: usize,
    /// A small corpus (2,000 posts, 10,000 comments) for trying the benchmark out.
    #[arg(long)]
    small: bool,
    /// Queries (the mix is scaled from 200).
    #[arg(long, default_value_t = 200)]
    queries: usize,
    /// Timed passes over the queries, after one warm-up pass.
    #[arg(long, default_value_t = 2)]
    rounds: usize,
    /// Seed of the corpus and the queries.
    #[arg(long, default_value_t = 4)]
    seed: u64,
    /// Build in this folder and keep it (default: a temporary folder, removed after).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// PostgreSQL server's maintenance database; a fresh database is made next to it.
    #[arg(
        long,
        default_value = "postgres://postgres@127.0.0.1:5432/postgres",
        env = "BENCH_POSTGRES_URL"
    )]
    postgres: String,
    /// Leave PostgreSQL out.
    #[arg(long)]
    no_postgres: bool,
    /// Only run Lupa's queries on an already built data folder and print JSON (used by the
    /// benchmark itself; also handy under a profiler).
    #[arg(long, value_name = "DATA_DIR")]
    lupa_queries: Option<PathBuf>,
    /// Time the parts of Lupa's query on an already built data folder, by kind of query:
    /// tantivy's top 10 alone, with the exact count, and the whole `Search::search`.
    #[arg(long, value_name = "DATA_DIR")]
    breakdown: Option<PathBuf>,
    /// With `--dir`: the folder already holds a corpus, Lupa's index and the FTS5 table
    /// from an earlier run; only time the queries (build times are then not measured).
    #[arg(long, requires = "dir")]
    existing: bool,
    /// With `--existing`: rebuild Lupa's index first (and time it), as after a change to
    /// its schema or analysis.
    #[arg(long, requires = "existing")]
    reindex: bool,
    /// With `--existing`: an already built PostgreSQL benchmark database to query (kept).
    #[arg(long, requires = "existing")]
    postgres_db: Option<String>,
    /// Instead of the search benchmark: what numbering the search outbox in commit order
    /// costs the indexer, with this many writes, on SQLite and PostgreSQL (see `outbox.rs`).
    #[arg(long, value_name = "WRITES")]
    outbox: Option<usize>,
    /// Print a fingerprint of the contents of the index in an already built data folder (per
    /// field, a hash of every posting by document key; of the stored documents), to check
    /// that a change to the rebuild left the index the same.
    #[arg(long, value_name = "DATA_DIR")]
    fingerprint: Option<PathBuf>,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

/// What Lupa's query process reports.
#[derive(Serialize, Deserialize)]
struct LupaRun {
    latencies_us: Vec<u64>,
    hits: Vec<usize>,
    totals: Vec<u64>,
    vm_rss_kb: u64,
    vm_hwm_kb: u64,
    segments: usize,
}

/// Latencies of one engine over all timed passes, query by query.
struct Timings {
    name: &'static str,
    /// `rounds` × queries, in query order within each round.
    samples: Vec<Duration>,
    /// Hits returned per query (at most 10).
    hits: Vec<usize>,
}

impl Timings {
    fn percentile(sorted: &[Duration], p: f64) -> Duration {
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
        sorted[rank - 1]
    }

    fn sorted(&self, filter: impl Fn(usize) -> bool, queries: usize) -> Vec<Duration> {
        let mut v: Vec<Duration> = self
            .samples
            .iter()
            .enumerate()
            .filter(|(i, _)| filter(i % queries))
            .map(|(_, d)| *d)
            .collect();
        v.sort();
        v
    }

    fn median(&self, queries: usize) -> Duration {
        Self::percentile(&self.sorted(|_| true, queries), 0.5)
    }

    fn p99(&self, queries: usize) -> Duration {
        Self::percentile(&self.sorted(|_| true, queries), 0.99)
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn secs(d: Option<Duration>) -> String {
    match d {
        Some(d) => format!("{:.0} s", d.as_secs_f64()),
        None => "(not measured)".to_owned(),
    }
}

/// The reader: a signed-in member, who may see every post in the corpus, as the other two
/// engines (which know nothing of access) do.
fn reader() -> Option<Actor> {
    Some(Actor {
        id: 1,
        role: Role::Member,
    })
}

/// The folder of Lupa's live index under the data folder (`search/v…`, named by Lupa's
/// schema version): the one with a `meta.json`.
fn index_dir(data_dir: &Path) -> anyhow::Result<PathBuf> {
    std::fs::read_dir(data_dir.join("search"))?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.join("meta.json").exists())
        .context("no search index under the data folder")
}

fn dir_size(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// `VmRSS` and `VmHWM` of this process, in KiB.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

async fn connect(dir: &Path) -> anyhow::Result<sea_orm::DatabaseConnection> {
    let settings = Settings {
        data_dir: dir.to_owned(),
        ..Settings::default()
    };
    lupa::db::connect(&settings).await
}

/// Lupa's side of the query phase, in its own process: open the index the parent built,
/// one warm-up pass, `rounds` timed passes, then the memory this process holds.
async fn lupa_queries(dir: &Path, queries: &[Query], rounds: usize) -> anyhow::Result<LupaRun> {
    let db = connect(dir).await?;
    let search = Search::open(db, dir, lupa::search::Analyser::detect(true))?;
    let run = |q: String| {
        let search = search.clone();
        async move { search.search(&q, reader(), 0, 10).await }
    };
    for q in queries {
        run(q.text()).await?;
    }
    let mut latencies_us = Vec::new();
    let mut hits = Vec::new();
    let mut totals = Vec::new();
    for round in 0..rounds {
        for q in queries {
            let started = Instant::now();
            let results = run(q.text()).await?;
            latencies_us.push(started.elapsed().as_micros() as u64);
            if round == 0 {
                hits.push(results.hits.len());
                totals.push(results.total);
            }
        }
    }
    let (vm_rss_kb, vm_hwm_kb) = memory();
    let index = tantivy::Index::open_in_dir(index_dir(dir)?)?;
    let segments = index.searchable_segment_ids()?.len();
    Ok(LupaRun {
        latencies_us,
        hits,
        totals,
        vm_rss_kb,
        vm_hwm_kb,
        segments,
    })
}

/// Where Lupa's time goes: the same queries through tantivy directly (Lupa's own query
/// builder and analysers), first for the top 10 alone (tantivy can skip blocks that cannot
/// reach it), then with the exact count Lupa reports, then also with a recency factor applied
/// to every match's score as Lupa's ranking does (the factor here is of the same kind as
/// Lupa's, not its exact curve), then through `Search::search` (adds snippets and reading the
/// hits back from the database).
async fn breakdown(dir: &Path, queries: &[Query], rounds: usize) -> anyhow::Result<()> {
    use lupa::search::{
        Scope,
        collect::{CappedCount, ScopedTop},
        query,
    };
    let db = connect(dir).await?;
    let search = Search::open(db, dir, lupa::search::Analyser::detect(true))?;
    let searcher = search.searcher();
    let present = search.present_fields().of(&searcher);
    let fields = search.fields().clone();
    let analyser = search.analyser().clone();
    let codes: Vec<u64> = Scope::of_reader(reader()).iter().map(Scope::code).collect();
    eprintln!("analyser: {}", analyser.description());
    let mut rows: Vec<(QueryKind, [Duration; 5])> = Vec::new();
    for round in 0..=rounds {
        for q in queries {
            let text = q.text();
            let t0 = Instant::now();
            let Some(built) = query::build_match(
                &fields,
                &analyser,
                query::Lexicon::of(&searcher, &present),
                &query::parse(&text),
                query::grams_first(&analyser),
            ) else {
                continue;
            };
            let t1 = Instant::now();
            searcher.search(
                &*built,
                &ScopedTop {
                    limit: 110,
                    scopes: codes.clone(),
                },
            )?;
            let t2 = Instant::now();
            searcher.search(&*built, &CappedCount::new(query::TOTAL_CAP, codes.clone()))?;
            let t3 = Instant::now();
            search.search(&text, reader(), 0, 10).await?;
            let t4 = Instant::now();
            // What the search page asks for: the same, with the filters' counts.
            let mut page = lupa::search::Request::new(&text, 0, 10);
            page.facets = true;
            search.find(&page, reader()).await?;
            let t5 = Instant::now();
            if round > 0 {
                rows.push((q.kind, [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4]));
            }
        }
    }
    println!(
        "| kind | build query | best 110 by BM25 | count (capped) | Search::search | \
         with the filters' counts (the page) |"
    );
    println!("|---|---|---|---|---|---|");
    // Each kind once, in the queries' order, then all of them.
    let mut kinds: Vec<QueryKind> = Vec::new();
    for (kind, _) in &rows {
        if !kinds.contains(kind) {
            kinds.push(*kind);
        }
    }
    kinds.push(QueryKind::CommonWord);
    for (i, kind) in kinds.iter().enumerate() {
        let all = i + 1 == kinds.len();
        print!("| {} |", if all { "all" } else { kind.name() });
        for part in 0..5 {
            let mut v: Vec<Duration> = rows
                .iter()
                .filter(|r| all || r.0 == *kind)
                .map(|r| r.1[part])
                .collect();
            v.sort();
            print!(
                " {} (p99 {}) |",
                ms(Timings::percentile(&v, 0.5)),
                ms(Timings::percentile(&v, 0.99))
            );
        }
        println!();
    }
    Ok(())
}

/// Lupa's index, built by Lupa's own rebuild; the time it took.
async fn build_lupa(
    db: &sea_orm::DatabaseConnection,
    dir: &Path,
    posts: usize,
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    {
        let search = Search::open(db.clone(), dir, lupa::search::Analyser::detect(true))?;
        let step = (posts / 10).max(1);
        search
            .rebuild(|done, total| {
                if done % step < 200 || done == total {
                    eprintln!(
                        "  lupa: {done}/{total} posts indexed, {:.0} s",
                        started.elapsed().as_secs_f64()
                    );
                }
            })
            .await?;
    }
    let lupa_build = started.elapsed();
    let lupa_size = dir_size(&dir.join("search"));
    eprintln!(
        "lupa index: {} in {}",
        mib(lupa_size),
        secs(Some(lupa_build))
    );
    Ok(lupa_build)
}

/// Write the corpus, build Lupa's index and the FTS5 table; the time each took.
async fn built(
    db: &sea_orm::DatabaseConnection,
    dir: &Path,
    args: &Args,
) -> anyhow::Result<(
    seed::Seeded,
    Option<Duration>,
    Option<Duration>,
    Option<Duration>,
)> {
    let started = Instant::now();
    let seeded = seed::seed(db, args.posts, args.comments, args.seed).await?;
    let seed_time = started.elapsed();
    eprintln!(
        "corpus: {} words, {} of text, written in {}",
        seeded.words,
        mib(seeded.bytes as u64),
        secs(Some(seed_time))
    );

    let lupa_build = build_lupa(db, dir, args.posts).await?;

    // SQLite FTS5 in the same database file.
    let (fts_build, fts_size) = fts5::build(db).await?;
    eprintln!("fts5 index: {} in {}", mib(fts_size), secs(Some(fts_build)));
    Ok((seeded, Some(seed_time), Some(lupa_build), Some(fts_build)))
}

/// PostgreSQL: copy the rows, build the tsvector column and GIN index, time the queries.
async fn postgres_phase(
    pg: &postgres::Postgres,
    sqlite: &sea_orm::DatabaseConnection,
    queries: &[Query],
    rounds: usize,
) -> anyhow::Result<(Timings, (Option<Duration>, u64, u64, String))> {
    let started = Instant::now();
    let rows = pg.load(sqlite).await?;
    eprintln!(
        "postgres: {rows} rows copied in {}",
        secs(Some(started.elapsed()))
    );
    let (took, gin, column) = pg.build().await?;
    eprintln!(
        "postgres index: GIN {} + tsvector column {} in {}",
        mib(gin),
        mib(column),
        secs(Some(took))
    );
    eprintln!("postgres: queries");
    let version = pg.version().await?;
    let timings = time_engine("PostgreSQL", queries, rounds, |q| async move {
        pg.search(&q).await
    })
    .await?;
    Ok((timings, (Some(took), gin, column, version)))
}

/// Time `search` over every query: one warm-up pass, then `rounds` passes.
async fn time_engine<F, Fut>(
    name: &'static str,
    queries: &[Query],
    rounds: usize,
    mut search: F,
) -> anyhow::Result<Timings>
where
    F: FnMut(Query) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<usize>>,
{
    for q in queries {
        search(q.clone()).await?;
    }
    let mut samples = Vec::new();
    let mut hits = Vec::new();
    for round in 0..rounds {
        for q in queries {
            let started = Instant::now();
            let found = search(q.clone()).await?;
            samples.push(started.elapsed());
            if round == 0 {
                hits.push(found);
            }
        }
    }
    Ok(Timings {
        name,
        samples,
        hits,
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = Args::parse();
    if args.small {
        args.posts = 2_000;
        args.comments = 10_000;
    }
    let queries = corpus::queries(args.seed, args.queries);
    if let Some(dir) = &args.lupa_queries {
        let run = lupa_queries(dir, &queries, args.rounds).await?;
        println!("{}", serde_json::to_string(&run)?);
        return Ok(());
    }
    if let Some(dir) = &args.fingerprint {
        return fingerprint::print(dir);
    }
    if let Some(dir) = &args.breakdown {
        return breakdown(dir, &queries, args.rounds).await;
    }
    if args.posts == 0 {
        bail!("--posts must be at least 1");
    }
    if let Some(rows) = args.outbox {
        let postgres = (!args.no_postgres).then_some(args.postgres.as_str());
        return outbox::run(args.posts, args.comments, rows, postgres).await;
    }

    let temp;
    let dir = match &args.dir {
        Some(d) => {
            if d.join("lupa.db").exists() != args.existing {
                bail!(
                    "{}: give an empty folder, or one built before with --existing",
                    d.display()
                );
            }
            std::fs::create_dir_all(d)?;
            d.clone()
        }
        None => {
            temp = tempfile::Builder::new()
                .prefix("lupa-search-bench")
                .tempdir()?;
            temp.path().to_owned()
        }
    };
    eprintln!(
        "search benchmark: {} posts, {} comments, {} queries × {} rounds, data in {}",
        args.posts,
        args.comments,
        queries.len(),
        args.rounds,
        dir.display()
    );

    let db = connect(&dir).await?;
    lupa::db::migrate(&db).await?;
    let sqlite_version = fts5::check(&db).await?;
    let (seeded, seed_time, lupa_build, fts_build) = if args.existing {
        let none = seed::Seeded {
            posts: args.posts,
            comments: args.comments,
            words: 0,
            bytes: 0,
        };
        let lupa_build = if args.reindex {
            Some(build_lupa(&db, &dir, args.posts).await?)
        } else {
            None
        };
        (none, None, lupa_build, None)
    } else {
        built(&db, &dir, &args).await?
    };
    let lupa_size = dir_size(&dir.join("search"));
    let fts_size = fts5::size(&db).await?;

    // Queries: Lupa in a child process, then FTS5; then PostgreSQL's own copy of the rows.
    eprintln!("lupa: queries");
    let exe = std::env::current_exe()?;
    let out = Command::new(exe)
        .arg("--lupa-queries")
        .arg(&dir)
        .args(["--seed", &args.seed.to_string()])
        .args(["--queries", &args.queries.to_string()])
        .args(["--rounds", &args.rounds.to_string()])
        .output()
        .context("starting Lupa's query process")?;
    if !out.status.success() {
        bail!(
            "Lupa's query process failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let lupa: LupaRun = serde_json::from_slice(&out.stdout)?;
    let lupa_timings = Timings {
        name: "Lupa (tantivy)",
        samples: lupa
            .latencies_us
            .iter()
            .map(|&us| Duration::from_micros(us))
            .collect(),
        hits: lupa.hits.clone(),
    };

    eprintln!("fts5: queries");
    let fts_timings = time_engine("SQLite FTS5", &queries, args.rounds, |q| {
        let db = db.clone();
        async move { fts5::search(&db, &q).await }
    })
    .await?;

    let mut engines = vec![lupa_timings, fts_timings];
    let mut pg_build = None;
    if let Some(url) = &args.postgres_db {
        let pg = postgres::Postgres::existing(url).await?;
        eprintln!("postgres: queries");
        let (gin, column) = pg.sizes().await?;
        let timings = time_engine("PostgreSQL", &queries, args.rounds, |q| {
            let pg = &pg;
            async move { pg.search(&q).await }
        })
        .await?;
        engines.push(timings);
        pg_build = Some((None, gin, column, pg.version().await?));
    } else if !args.no_postgres {
        let pg = postgres::Postgres::create(&args.postgres).await?;
        let result = postgres_phase(&pg, &db, &queries, args.rounds).await;
        // The benchmark's database goes, whatever happened.
        pg.drop().await?;
        let (timings, built) = result?;
        engines.push(timings);
        pg_build = Some(built);
    }
    db.close().await?;

    // The report.
    let n = queries.len();
    println!(
        "Corpus: {} posts and {} comments ({} words, {} of text; 87 % Finnish, 8 % Swedish, \
         5 % English posts), seed {}; {} queries, {} timed passes after one warm-up pass.\n",
        args.posts,
        args.comments,
        seeded.words,
        mib(seeded.bytes as u64),
        args.seed,
        n,
        args.rounds
    );
    println!("| engine | median | p99 | index build | index size | queries with no hit |");
    println!("|---|---|---|---|---|---|");
    let no_hit = |t: &Timings| t.hits.iter().filter(|&&h| h == 0).count();
    for t in &engines {
        let (build, size) = match t.name {
            "Lupa (tantivy)" => (secs(lupa_build), mib(lupa_size)),
            "SQLite FTS5" => (secs(fts_build), mib(fts_size)),
            _ => match &pg_build {
                Some((took, gin, column, _)) => (
                    secs(*took),
                    format!(
                        "{} (GIN {} + tsvector {})",
                        mib(gin + column),
                        mib(*gin),
                        mib(*column)
                    ),
                ),
                None => (String::new(), String::new()),
            },
        };
        println!(
            "| {} | {} | {} | {} | {} | {} of {} |",
            t.name,
            ms(t.median(n)),
            ms(t.p99(n)),
            build,
            size,
            no_hit(t),
            n
        );
    }
    println!();
    println!("Median by kind of query:\n");
    let kinds = [
        QueryKind::CommonWord,
        QueryKind::RareWord,
        QueryKind::TwoWords,
        QueryKind::Inflected,
        QueryKind::CompoundPart,
        QueryKind::Phrase,
    ];
    print!("| kind | queries |");
    for t in &engines {
        print!(" {} |", t.name);
    }
    println!();
    println!("|---|---|{}", "---|".repeat(engines.len()));
    for kind in kinds {
        let of_kind = |i: usize| queries[i].kind == kind;
        let count = queries.iter().filter(|q| q.kind == kind).count();
        print!("| {} | {count} |", kind.name());
        for t in &engines {
            let sorted = t.sorted(of_kind, n);
            let no_hit = (0..n).filter(|&i| of_kind(i) && t.hits[i] == 0).count();
            print!(
                " {} (p99 {}; no hit: {no_hit}) |",
                ms(Timings::percentile(&sorted, 0.5)),
                ms(Timings::percentile(&sorted, 0.99))
            );
        }
        println!();
    }
    let slowest = {
        let mut by_query: Vec<(Duration, usize)> = (0..n)
            .map(|i| {
                let worst = (0..args.rounds)
                    .map(|r| engines[0].samples[r * n + i])
                    .max()
                    .unwrap_or_default();
                (worst, i)
            })
            .collect();
        by_query.sort();
        by_query.reverse();
        by_query.truncate(5);
        by_query
    };
    println!("\nLupa's slowest queries:\n");
    for (d, i) in slowest {
        println!(
            "- `{}` ({}, {} matches): {}",
            queries[i].text(),
            queries[i].kind.name(),
            lupa.totals[i],
            ms(d)
        );
    }
    println!(
        "\nLupa's query process after the queries: VmRSS {} MiB, VmHWM {} MiB; index in {} \
         segments.",
        lupa.vm_rss_kb / 1024,
        lupa.vm_hwm_kb / 1024,
        lupa.segments
    );
    let lupa_median = engines[0].median(n);
    let lupa_p99 = engines[0].p99(n);
    for t in &engines[1..] {
        let ratio = t.median(n).as_secs_f64() / lupa_median.as_secs_f64().max(1e-9);
        println!(
            "Median {:.1}× lower than {} (goal: 5× or more): {}.",
            ratio,
            t.name,
            if ratio >= 5.0 { "met" } else { "NOT met" }
        );
    }
    println!(
        "Lupa's p99 {} (goal: under 20 ms): {}.",
        ms(lupa_p99),
        if lupa_p99 < Duration::from_millis(20) {
            "met"
        } else {
            "NOT met"
        }
    );
    let pg_version = pg_build.map(|(_, _, _, v)| v).unwrap_or_default();
    println!(
        "\nSQLite {sqlite_version}; PostgreSQL {pg_version}; corpus written in {}.",
        secs(seed_time)
    );
    Ok(())
}
