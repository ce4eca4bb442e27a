//! Demo content for `lupa demo`: an open and a closed task in a panel, the closed one's second
//! round, and a task aimed at one industry, answered by the panel's member companies. The
//! texts are written for Lupa.
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
        aim_kind: String::new(),
        aim_values: Vec::new(),
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
        aim_kind: String::new(),
        aim_values: Vec::new(),
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
    let mut created_views = Vec::new();
    for (input, answering) in [(closed, companies.len()), (open, companies.len() * 2 / 3)] {
        let task = create(
            db,
            panel_id,
            panel.created_by,
            &input,
            now - Duration::days(31),
        )
        .await?;
        answer_all(db, &task, companies.iter().take(answering)).await?;
        created_views.push(task);
    }
    // The closed survey's second round, open now and answered by half the companies so far:
    // its results set each question beside the first round's.
    if let Some(first_round) = created_views.first() {
        let copy = service::duplicate(
            db,
            first_round,
            panel.created_by,
            "Asiointikanavat nyt – kierros 2".into(),
            now - Duration::days(15),
        )
        .await?;
        let second = service::task_view(db, panel_id, copy.id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo round vanished"))?;
        answer_all(db, &second, companies.iter().skip(1).step_by(2)).await?;
    }
    // A task aimed at the industry most of the companies are in, answered by some of them.
    if let Some(industry) = most_common_industry(&companies) {
        let aimed = TaskInput {
            title: "Toimialan luvat ja ilmoitukset".into(),
            intro: "Tämä kysely on kohdennettu yhden toimialan yrityksille: kerro, miten \
                    toimialasi luvat ja ilmoitukset sujuvat."
                .into(),
            opens_at: fmt(now - Duration::days(5)),
            closes_at: fmt(now + Duration::days(9)),
            anonymous: false,
            results: "after_answering".into(),
            shuffle: false,
            aim_kind: "industry".into(),
            aim_values: vec![industry.as_str().to_owned()],
            questions: vec![
                q("Kuinka helppoa lupien hakeminen on?", "scale", &[]),
                q("Tiedättekö, mistä ilmoitusten tila näkyy?", "yes_no", &[]),
            ],
        };
        let task = create(
            db,
            panel_id,
            panel.created_by,
            &aimed,
            now - Duration::days(20),
        )
        .await?;
        let aimed_at = task.aim();
        let members: Vec<&access::MemberCompany> = aimed_at.aimed_among(&companies);
        let half = members.len().div_ceil(2);
        answer_all(db, &task, members.into_iter().take(half)).await?;
    }
    Ok(())
}

/// Write a demo task, as of `at`, and read it back with its questions.
async fn create(
    db: &DatabaseConnection,
    panel_id: PanelId,
    author: i32,
    input: &TaskInput,
    at: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<service::TaskView> {
    let checked = service::check_task(input)
        .map_err(|p| anyhow::anyhow!("demo task does not check: {p:?}"))?;
    let created = service::create_task(db, panel_id, author, checked, at).await?;
    service::task_view(db, panel_id, created.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo task vanished"))
}

/// The industry most of the companies are in (the first of equals in the list's order).
fn most_common_industry(
    companies: &[access::MemberCompany],
) -> Option<crate::panels::model::Industry> {
    let mut counts: Vec<(crate::panels::model::Industry, usize)> = Vec::new();
    for c in companies {
        if let Some(i) = c.industry {
            match counts.iter_mut().find(|(x, _)| *x == i) {
                Some((_, n)) => *n += 1,
                None => counts.push((i, 1)),
            }
        }
    }
    counts
        .into_iter()
        .fold(
            None,
            |best: Option<(crate::panels::model::Industry, usize)>, c| match best {
                Some(b) if b.1 >= c.1 => Some(b),
                _ => Some(c),
            },
        )
        .map(|(i, _)| i)
}

/// Let these companies answer the task, as of an hour after it opens.
async fn answer_all<'a>(
    db: &DatabaseConnection,
    task: &service::TaskView,
    companies: impl Iterator<Item = &'a access::MemberCompany>,
) -> anyhow::Result<()> {
    let at = task.row.opens_at + Duration::hours(1);
    for (i, company) in companies.enumerate() {
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
            task,
            Some(PanelRole::Member),
            company.user_id,
            Some(company),
            &AnswerFields::from_pairs(pairs),
            at,
        )
        .await?;
    }
    Ok(())
}
