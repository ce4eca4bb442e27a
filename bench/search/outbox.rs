//! What numbering the search outbox in commit order (issue 12) costs the indexer: on a fresh
//! database of each engine with a small corpus, a stream of single-row write transactions,
//! each followed by the numbering run and the catch-up the indexer does after a write, and
//! one backlog of rows numbered and applied at once (a node catching up after a restart).
//!
//! `cargo bench --bench search -- --outbox 300 --small` (`bench/search.sh --outbox 300 --small`).
use std::time::{Duration, Instant};

use lupa::{
    config::Settings,
    entities::post,
    search::{
        Search,
        outbox::{self, Change},
    },
};
use sea_orm::{DatabaseConnection, EntityTrait, QuerySelect, TransactionTrait};

use crate::{ms, postgres::Postgres, seed};

/// One engine's figures.
struct Costs {
    engine: &'static str,
    number_one: Duration,
    apply_one: Duration,
    backlog: usize,
    number_backlog: Duration,
    apply_backlog: Duration,
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// One committed transaction recording a change to post `id`, as a write does.
async fn write_change(db: &DatabaseConnection, id: i32) -> anyhow::Result<()> {
    let txn = db.begin().await?;
    outbox::enqueue(&txn, Change::Post(id)).await?;
    txn.commit().await?;
    Ok(())
}

async fn measure(
    engine: &'static str,
    db: &DatabaseConnection,
    posts: usize,
    comments: usize,
    rows: usize,
) -> anyhow::Result<Costs> {
    lupa::db::migrate(db).await?;
    seed::seed(db, posts, comments, 4).await?;
    let dir = tempfile::tempdir()?;
    let search = Search::open(db.clone(), dir.path(), lupa::search::Analyser::detect(true))?;
    search.rebuild(|_, _| {}).await?;
    let ids: Vec<i32> = post::Entity::find()
        .select_only()
        .column(post::Column::Id)
        .into_tuple()
        .all(db)
        .await?;

    // Write by write: what the indexer does when woken by each write.
    let (mut number, mut apply) = (Vec::new(), Vec::new());
    for i in 0..rows {
        write_change(db, ids[i % ids.len()]).await?;
        let started = Instant::now();
        outbox::sequence(db).await?;
        number.push(started.elapsed());
        let started = Instant::now();
        search.catch_up().await?;
        apply.push(started.elapsed());
    }

    // A backlog: `rows` writes, then one catch-up.
    for i in 0..rows {
        write_change(db, ids[(i * 7) % ids.len()]).await?;
    }
    let started = Instant::now();
    outbox::sequence(db).await?;
    let number_backlog = started.elapsed();
    let started = Instant::now();
    search.catch_up().await?;
    let apply_backlog = started.elapsed();
    Ok(Costs {
        engine,
        number_one: median(number),
        apply_one: median(apply),
        backlog: rows,
        number_backlog,
        apply_backlog,
    })
}

/// Run on SQLite and (unless `postgres` is `None`) on a fresh PostgreSQL database next to the
/// one `postgres` names; print a Markdown table.
pub async fn run(
    posts: usize,
    comments: usize,
    rows: usize,
    postgres: Option<&str>,
) -> anyhow::Result<()> {
    let mut all = Vec::new();
    let dir = tempfile::tempdir()?;
    let sqlite = lupa::db::connect(&Settings {
        data_dir: dir.path().to_owned(),
        ..Settings::default()
    })
    .await?;
    eprintln!("outbox: SQLite");
    all.push(measure("SQLite", &sqlite, posts, comments, rows).await?);
    if let Some(url) = postgres {
        eprintln!("outbox: PostgreSQL");
        let pg = Postgres::create(url).await?;
        let result = measure("PostgreSQL", &pg.db, posts, comments, rows).await;
        pg.drop().await?;
        all.push(result?);
    }
    println!(
        "{posts} posts, {comments} comments; {rows} single-row write transactions, each followed \
         by the indexer's numbering run and catch-up (medians), then a backlog of {rows} rows \
         numbered and applied at once.\n"
    );
    println!(
        "| engine | numbering, one row | applying, one row | numbering's share | \
         numbering, backlog | applying, backlog | numbering's share |"
    );
    println!("|---|---|---|---|---|---|---|");
    let share = |a: Duration, b: Duration| {
        format!("{:.0} %", 100.0 * a.as_secs_f64() / (a + b).as_secs_f64())
    };
    for c in &all {
        println!(
            "| {} | {} | {} | {} | {} ({} rows) | {} | {} |",
            c.engine,
            ms(c.number_one),
            ms(c.apply_one),
            share(c.number_one, c.apply_one),
            ms(c.number_backlog),
            c.backlog,
            ms(c.apply_backlog),
            share(c.number_backlog, c.apply_backlog),
        );
    }
    Ok(())
}
