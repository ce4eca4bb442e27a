//! Writes the corpus into Lupa's own database (organisations, people, published posts and
//! their comments), in transactions of a few hundred rows, through Lupa's entities.
use std::time::Instant;

use anyhow::Context;
use chrono::{DateTime, Duration, TimeZone, Utc};
use lupa::entities::{comment, organization, post, user};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};

use crate::corpus::{Language, Rng, Writer};

const ORGANISATIONS: &[(&str, &str)] = &[
    ("Verohallinto", "vero"),
    ("Kansaneläkelaitos", "kela"),
    ("Digi- ja väestötietovirasto", "dvv"),
    ("Helsingin kaupunki", "hki"),
    ("Tampereen kaupunki", "tre"),
    ("Oulun kaupunki", "oulu"),
    ("Turun kaupunki", "turku"),
    ("Espoon kaupunki", "espoo"),
    ("Työllisyyspalvelut", "tyo"),
    ("Maanmittauslaitos", "mml"),
    ("Liikenne- ja viestintävirasto", "traficom"),
    ("Patentti- ja rekisterihallitus", "prh"),
    ("Ruokavirasto", "ruoka"),
    ("Hyvinvointialue Pohjanmaa", "pohjanmaa"),
    ("Hyvinvointialue Lappi", "lappi"),
    ("Opetushallitus", "oph"),
    ("Valtiokonttori", "vk"),
    ("Tilastokeskus", "tk"),
    ("Ålands landskapsregering", "ax"),
    ("Porvoon kaupunki", "porvoo"),
];

const FIRST_NAMES: &[&str] = &[
    "Aino", "Eero", "Helmi", "Juha", "Kaisa", "Lauri", "Minna", "Niko", "Outi", "Pekka", "Riikka",
    "Sami", "Tiina", "Ville", "Anna", "Johan", "Sofia", "Matti", "Leena", "Antti",
];
const LAST_NAMES: &[&str] = &[
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Saarinen",
    "Lindqvist",
    "Salminen",
    "Heinonen",
    "Niemi",
    "Sjöberg",
];

const PEOPLE: usize = 400;
const BATCH: usize = 400;

/// Counts of what was written.
pub struct Seeded {
    pub posts: usize,
    pub comments: usize,
    pub words: usize,
    pub bytes: usize,
}

fn html(markdown: &str) -> String {
    markdown
        .split("\n\n")
        .map(|p| format!("<p>{p}</p>\n"))
        .collect()
}

fn excerpt(markdown: &str) -> String {
    markdown.chars().take(200).collect()
}

/// Fill an empty, migrated database with `posts` posts and `comments` comments.
pub async fn seed(
    db: &DatabaseConnection,
    posts: usize,
    comments: usize,
    seed: u64,
) -> anyhow::Result<Seeded> {
    let mut rng = Rng::new(seed);
    let writer = Writer::new();
    let epoch: DateTime<Utc> = Utc.with_ymd_and_hms(2024, 1, 1, 8, 0, 0).unwrap();

    organization::Entity::insert_many(ORGANISATIONS.iter().map(|(name, short)| {
        organization::ActiveModel {
            name: Set((*name).to_owned()),
            short_name: Set((*short).to_owned()),
            description: Set(String::new()),
            created_at: Set(epoch),
            ..Default::default()
        }
    }))
    .exec(db)
    .await
    .context("inserting organisations")?;
    let org_of = |person: usize| (person % ORGANISATIONS.len()) as i32 + 1;
    user::Entity::insert_many((0..PEOPLE).map(|i| user::ActiveModel {
        email: Set(format!(
            "henkilo{i}@{}.example",
            ORGANISATIONS[i % ORGANISATIONS.len()].1
        )),
        display_name: Set(format!(
            "{} {}",
            FIRST_NAMES[i % FIRST_NAMES.len()],
            LAST_NAMES[(i / FIRST_NAMES.len()) % LAST_NAMES.len()]
        )),
        organization_id: Set(Some(org_of(i))),
        job_title: Set(String::new()),
        language: Set(None),
        role: Set("writer".to_owned()),
        password_hash: Set("!".to_owned()),
        active: Set(true),
        created_at: Set(epoch),
        deactivated_at: Set(None),
        ..Default::default()
    }))
    .exec(db)
    .await
    .context("inserting people")?;

    let mut done = Seeded {
        posts: 0,
        comments: 0,
        words: 0,
        bytes: 0,
    };
    let started = Instant::now();
    let mut languages = Vec::with_capacity(posts);
    let mut dates = Vec::with_capacity(posts);
    let mut start = 0;
    while start < posts {
        let end = (start + BATCH).min(posts);
        let mut rows = Vec::with_capacity(end - start);
        for i in start..end {
            let lang = match rng.below(100) {
                0..=86 => Language::Fi,
                87..=94 => Language::Sv,
                _ => Language::En,
            };
            let title = writer.title(&mut rng, lang);
            let words = rng.between(60, 250);
            let body = writer.body(&mut rng, lang, words);
            done.words += body.split_whitespace().count() + title.split_whitespace().count();
            done.bytes += body.len() + title.len();
            let author = rng.below(PEOPLE);
            let at = epoch + Duration::minutes(i as i64 * 7);
            languages.push(lang);
            dates.push(at);
            rows.push(post::ActiveModel {
                slug: Set(format!("kirjoitus-{}", i + 1)),
                title: Set(title),
                body_html: Set(html(&body)),
                excerpt: Set(excerpt(&body)),
                body_md: Set(body),
                language: Set(lang.code().to_owned()),
                visibility: Set(if rng.chance(0.8) { "public" } else { "members" }.to_owned()),
                status: Set("published".to_owned()),
                author_id: Set(author as i32 + 1),
                organization_id: Set(org_of(author)),
                published_at: Set(Some(at)),
                published_month: Set(Some(at.format("%Y-%m").to_string())),
                created_at: Set(at),
                updated_at: Set(at),
                edited_at: Set(None),
                ..Default::default()
            });
        }
        let txn = lupa::db::begin_write(db).await?;
        post::Entity::insert_many(rows).exec(&txn).await?;
        txn.commit().await?;
        done.posts = end;
        start = end;
    }
    eprintln!(
        "  {} posts in {:.1} s",
        done.posts,
        started.elapsed().as_secs_f64()
    );

    let mut start = 0;
    while start < comments {
        let end = (start + BATCH).min(comments);
        let mut rows = Vec::with_capacity(end - start);
        for _ in start..end {
            // Some posts draw many comments: the square skews them towards recent posts.
            let r = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            let on = (((1.0 - r * r) * posts as f64) as usize).min(posts - 1);
            let lang = if rng.chance(0.95) {
                languages[on]
            } else {
                Language::Fi
            };
            let words = rng.between(10, 70);
            let body = writer.body(&mut rng, lang, words);
            done.words += body.split_whitespace().count();
            done.bytes += body.len();
            rows.push(comment::ActiveModel {
                post_id: Set(on as i32 + 1),
                parent_id: Set(None),
                depth: Set(0),
                author_id: Set(rng.below(PEOPLE) as i32 + 1),
                body_html: Set(html(&body)),
                body_md: Set(body),
                created_at: Set(dates[on] + Duration::minutes(rng.between(5, 5000) as i64)),
                edited_at: Set(None),
                deleted_at: Set(None),
                hidden_at: Set(None),
                hidden_by: Set(None),
                ..Default::default()
            });
        }
        let txn = lupa::db::begin_write(db).await?;
        comment::Entity::insert_many(rows).exec(&txn).await?;
        txn.commit().await?;
        done.comments = end;
        start = end;
        if done.comments.is_multiple_of(100_000) {
            eprintln!(
                "  {} comments in {:.1} s",
                done.comments,
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(done)
}
