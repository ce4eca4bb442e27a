//! `lupa demo`'s actions: what the demo panel agreed, one in each state, traced to the
//! task results they came from (or written by hand), with their short updates, and one
//! overdue so the next workshop's agenda offers it; and two milestones on the panel's year.
use chrono::{DateTime, Duration, Utc};
use sea_orm::DatabaseConnection;

use super::{
    model::{ActionId, NewAction, Source, Status},
    service::{day_of, owners},
    store,
};
use crate::{
    db::begin_write,
    markdown,
    panels::{self, model::PanelId},
    tasks,
};

/// One demo action: title, description, due in days from today, whether it comes from the
/// panel's first task, and its history after it was written (status, days ago, update).
type DemoAction = (
    &'static str,
    &'static str,
    i64,
    bool,
    &'static [(Status, i64, &'static str)],
);

const ACTIONS: [DemoAction; 5] = [
    (
        "Yrityksen perustamisen ohje selkokielelle",
        "Kyselyn mukaan perustamisen ohje oli vaikein kohta. Kirjoitetaan ohje uudelleen selkokielellä ja testataan se kolmella jäsenyrityksellä.",
        24,
        true,
        &[],
    ),
    (
        "Soittopyyntö yrityspalvelun puhelinlinjalle",
        "Jäsenet toivoivat, ettei jonossa tarvitsisi odottaa. Selvitetään soittopyyntöpalvelun käyttöönotto.",
        5,
        true,
        &[(
            Status::InProgress,
            6,
            "Tarjouspyyntö on lähetetty kahdelle toimittajalle.",
        )],
    ),
    (
        "Lomakkeiden tallennus kesken täytön",
        "Pitkät hakemukset katkeavat, kun istunto vanhenee. Lisätään lomakkeisiin luonnoksen tallennus.",
        -20,
        true,
        &[
            (Status::InProgress, 40, "Kehitystiimi aloitti työn."),
            (
                Status::Done,
                21,
                "Luonnoksen tallennus on käytössä kaikissa yrityslomakkeissa.",
            ),
        ],
    ),
    (
        "Neuvontapisteen aukioloajat illoiksi",
        "Ehdotettiin iltavastaanottoa kerran viikossa.",
        -10,
        false,
        &[(
            Status::Dropped,
            12,
            "Kävijämäärät eivät riitä iltavastaanotolle; chat-palvelu on auki kello 20 asti.",
        )],
    ),
    (
        "Palautekysely neuvontakäynnin jälkeen",
        "Lähetetään lyhyt kysely jokaisen neuvontakäynnin jälkeen.",
        -9,
        false,
        &[(
            Status::InProgress,
            15,
            "Kysymykset on luonnosteltu; tekstit odottavat kielentarkastusta.",
        )],
    ),
];

/// Add the demo actions to the demo panel (once), dated from `now`.
pub async fn demo(
    db: &DatabaseConnection,
    panel_id: PanelId,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    if !store::actions_of_panel(db, panel_id.0).await?.is_empty() {
        return Ok(());
    }
    let panel = panels::store::panel_by_id(db, panel_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no panel {}", panel_id.0))?;
    let people = owners(db, &panel).await?;
    anyhow::ensure!(!people.is_empty(), "the demo panel needs a facilitator");
    let task = tasks::store::tasks_of_panel(db, panel.id)
        .await?
        .into_iter()
        .find(|t| t.opens_at <= now);
    let today = day_of(now);
    let txn = begin_write(db).await?;
    let mut moves = Vec::new();
    for (i, (title, description, due_in, from_task, history)) in ACTIONS.iter().enumerate() {
        let written = now - Duration::days(60 - i64::try_from(i).unwrap_or(0));
        let source = match (&task, from_task) {
            (Some(t), true) => Source::Task(t.id),
            _ => Source::Manual,
        };
        let owner = &people[i % people.len()];
        let new = NewAction {
            title: (*title).to_owned(),
            description_md: (*description).to_owned(),
            description_html: markdown::render(description)?,
            owner_id: owner.id,
            due_on: today + Duration::days(*due_in),
            source,
        };
        let row = store::insert_action(&txn, panel.id, new, panel.created_by, written).await?;
        let id = ActionId(row.id);
        store::insert_update(&txn, id, panel.created_by, Status::Planned, "", written).await?;
        let mut row = row;
        for (status, days_ago, note) in history.iter() {
            let at = now - Duration::days(*days_ago);
            let update = store::insert_update(&txn, id, owner.id, *status, note, at).await?;
            row = store::set_status(&txn, row, *status, at).await?;
            moves.push((at, row.clone(), update, owner.id));
        }
    }
    // Those who answered the task hear of each move, as on the site, oldest first (so the
    // notifications' order is the moves' order).
    moves.sort_by_key(|(at, ..)| *at);
    for (at, row, update, mover) in &moves {
        super::notify::moved(&txn, row, update, *mover, *at).await?;
    }
    // The panel's own milestones on its year.
    for (days, title) in MILESTONES {
        let day = today + Duration::days(days);
        crate::year::store::insert_milestone(&txn, panel.id, day, title, panel.created_by, now)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Milestones of the demo panel's year: (days from today, title).
const MILESTONES: [(i64, &str); 2] = [
    (-30, "Asiakaskyselyn tulokset julki"),
    (45, "Ensi vuoden talousarvion valmistelu alkaa"),
];
