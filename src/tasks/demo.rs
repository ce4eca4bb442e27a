//! Demo content for `lupa demo`: one open and one closed task in a panel, answered by the
//! panel's member companies. The texts are written for Lupa.
use chrono::Duration;
use sea_orm::{DatabaseConnection, EntityTrait};

use super::{
    answering::model::AnswerFields,
    editing::model::{QuestionDraftInput, TaskInput},
    service,
};
use crate::{
    entities::panel,
    panels::{
        access::{self, PanelRole},
        model::PanelId,
    },
};

fn q(prompt: &str, kind: &str, options: &[&str]) -> QuestionDraftInput {
    QuestionDraftInput {
        prompt: prompt.into(),
        kind: kind.into(),
        required: true,
        options: options.join("\n"),
        ..Default::default()
    }
}

/// Add the demo tasks to a panel and let its member companies answer them, dated from `now`.
pub async fn demo(
    db: &DatabaseConnection,
    panel_id: PanelId,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    let panel = panel::Entity::find_by_id(panel_id.0)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no panel {}", panel_id.0))?;
    let fmt = |d: chrono::DateTime<chrono::Utc>| super::model::helsinki_input(&d);
    let channels = [
        "Verkkopalvelu",
        "Puhelinneuvonta",
        "Sähköposti",
        "Tapaaminen toimipisteessä",
        "Chat",
    ];
    let closed = TaskInput {
        title: "Asiointikanavat nyt".into(),
        intro: "Kartoitamme, miten yrityksenne asioi kanssamme tänään. Vastaukset \
                käsitellään ensimmäisessä työpajassa."
            .into(),
        opens_at: fmt(now - Duration::days(30)),
        closes_at: fmt(now - Duration::days(9)),
        anonymous: false,
        results: "after_answering".into(),
        shuffle: false,
        questions: vec![
            QuestionDraftInput {
                max_picks: "3".into(),
                ..q("Mitä kanavia käytätte?", "multiple", &channels)
            },
            QuestionDraftInput {
                scale_min_label: "erittäin huono".into(),
                scale_max_label: "erittäin hyvä".into(),
                ..q("Kuinka hyvin nykyinen asiointi sujuu?", "scale", &[])
            },
            q(
                "Onko yrityksellänne sähköinen valtuutus käytössä?",
                "yes_no",
                &[],
            ),
        ],
    };
    let open = TaskInput {
        title: "Uuden verkkopalvelun tärkeimmät toiminnot".into(),
        intro: "Mihin uuden verkkopalvelun pitäisi keskittyä ensin? Järjestä ja jaa pisteet \
                – tulokset näkyvät kaikille tehtävän sulkeuduttua."
            .into(),
        opens_at: fmt(now - Duration::days(3)),
        closes_at: fmt(now + Duration::days(11)),
        anonymous: true,
        results: "after_closing".into(),
        shuffle: true,
        questions: vec![
            q(
                "Järjestä toiminnot tärkeysjärjestykseen",
                "ranking",
                &[
                    "Hakemuksen tilan seuranta",
                    "Yhteinen asiointihistoria",
                    "Muistutukset määräajoista",
                    "Viestit käsittelijälle",
                ],
            ),
            QuestionDraftInput {
                points: "10".into(),
                ..q(
                    "Jaa 10 pistettä kehityskohteille",
                    "dots",
                    &[
                        "Selkeämmät ohjeet",
                        "Nopeampi käsittely",
                        "Parempi mobiilikäyttö",
                    ],
                )
            },
            QuestionDraftInput {
                required: false,
                ..q("Mitä muuta haluat sanoa kehittäjille?", "text", &[])
            },
        ],
    };
    let companies = access::companies(db, panel_id).await?;
    for (input, answering) in [(closed, companies.len()), (open, companies.len() * 2 / 3)] {
        let checked = service::check_task(&input)
            .map_err(|p| anyhow::anyhow!("demo task does not check: {p:?}"))?;
        let created = service::create_task(
            db,
            panel_id,
            panel.created_by,
            checked,
            now - Duration::days(31),
        )
        .await?;
        let task = service::task_view(db, panel_id, created.id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo task vanished"))?;
        // Answer as of a moment the task is open.
        let at = task.row.opens_at + Duration::hours(1);
        for (i, company) in companies.iter().take(answering).enumerate() {
            let mut pairs: Vec<(String, String)> = Vec::new();
            for (n, question) in task.questions.iter().enumerate() {
                let opts = &question.options;
                let pick = |k: usize| opts[(i + k) % opts.len()].id.0.to_string();
                match question.kind.code() {
                    "multiple" => {
                        pairs.push((question.field(), pick(0)));
                        if i % 2 == 0 {
                            pairs.push((question.field(), pick(2)));
                        }
                    }
                    "scale" => pairs.push((question.field(), (1 + (i * 3 + n) % 5).to_string())),
                    "yes_no" => pairs.push((
                        question.field(),
                        if i % 3 == 0 { "no" } else { "yes" }.into(),
                    )),
                    "ranking" => {
                        for (place, o) in opts.iter().enumerate() {
                            let p = (place + i) % opts.len() + 1;
                            pairs.push((question.option_field(o.id), p.to_string()));
                        }
                    }
                    "dots" => {
                        pairs.push((question.option_field(opts[i % opts.len()].id), "6".into()));
                        pairs.push((
                            question.option_field(opts[(i + 1) % opts.len()].id),
                            "4".into(),
                        ));
                    }
                    "text" if i % 4 == 0 => pairs.push((
                        question.field(),
                        [
                            "Palvelun pitäisi toimia hyvin myös puhelimella.",
                            "Toivomme yhtä paikkaa kaikille viesteille.",
                            "Selkokieliset ohjeet auttaisivat meitä paljon.",
                        ][i / 4 % 3]
                            .into(),
                    )),
                    _ => {}
                }
            }
            service::submit(
                db,
                &task,
                Some(PanelRole::Member),
                company.user_id,
                Some(company),
                &AnswerFields::from_pairs(pairs),
                at,
            )
            .await?;
        }
    }
    Ok(())
}
