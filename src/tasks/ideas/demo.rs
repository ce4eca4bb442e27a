//! `lupa demo`'s ideas task: the demo panel's member companies wrote ideas (one of them a
//! duplicate, merged), commented on them and are now voting with dots; one idea has already
//! become an action. The texts are written for Lupa.
use chrono::{DateTime, Duration, Utc};
use sea_orm::DatabaseConnection;

use super::{
    model::{CommentForm, CommentText, IdeaForm, IdeaId, IdeaTaskForm, IdeaText, NewIdeaTask},
    service, store,
};
use crate::{
    actions::{
        self,
        model::{ActionId, NewAction, Source, Status},
    },
    auth::{CurrentUser, permissions::Actor},
    config::WriteRate,
    db::begin_write,
    markdown,
    panels::{
        access::{self, PanelAccess, PanelRole},
        model::PanelId,
    },
    people,
    tasks::{
        answering::model::AnswerFields,
        model::helsinki_input,
        service::{self as tasks_service},
        store as tasks_store,
    },
};

/// The ideas: (title, description, writer among the member companies).
const IDEAS: [(&str, &str, usize); 6] = [
    (
        "Chat-neuvonta myös iltaisin",
        "Moni yrittäjä ehtii paperitöihin vasta illalla. Jos chat olisi auki kello 21 asti, \
         pienet kysymykset eivät jäisi seuraavaan päivään.",
        0,
    ),
    (
        "Yksi asiointitili kaikille palveluille",
        "Nyt jokaiseen palveluun kirjaudutaan erikseen. Yhdellä tilillä näkisi kaikki \
         hakemukset ja viestit samasta paikasta.",
        1,
    ),
    (
        "Täyttöohjeet lomakkeen viereen",
        "Ohjeet ovat nyt erillisessä PDF-tiedostossa. Lyhyt ohje kunkin kentän vieressä \
         säästäisi aikaa ja virheitä.",
        2,
    ),
    (
        "Tekstiviesti, kun hakemus etenee",
        "Ilmoitus puhelimeen, kun hakemus on käsittelyssä tai päätös on tehty.",
        3,
    ),
    (
        "Iltapäivystys chatissa",
        "Chat voisi olla auki iltaisin ainakin kerran viikossa.",
        4,
    ),
    (
        "Päätökset selkokielellä",
        "Päätöksen perustelut ovat vaikeaselkoisia. Tiivistelmä selkokielellä päätöksen \
         alkuun auttaisi.",
        5,
    ),
];

/// Comments: (idea, writer, text).
const COMMENTS: [(usize, usize, &str); 4] = [
    (0, 2, "Kannatan! Meillä kirjanpito tehdään aina iltaisin."),
    (
        1,
        3,
        "Tämä auttaisi myös, kun yrityksessä on useampi asioija.",
    ),
    (4, 5, "Sama toive kuin chat-neuvonnassa iltaisin."),
    (
        3,
        0,
        "Sähköposti-ilmoitus riittäisi meille, kunhan sen saa.",
    ),
];

fn user_of(row: crate::entities::user::Model) -> anyhow::Result<CurrentUser> {
    CurrentUser::from_row(row).ok_or_else(|| anyhow::anyhow!("a demo person cannot act"))
}

/// Add the demo ideas task to the panel (once), dated from `now`: collected from 20 days
/// ago, voted on since 6 days ago, closing in 8 days.
pub async fn demo(
    db: &DatabaseConnection,
    panel_id: PanelId,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let existing = tasks_store::tasks_of_panel(db, panel_id.0).await?;
    let ids: Vec<i32> = existing.iter().map(|t| t.id).collect();
    if !store::settings_among(db, &ids).await?.is_empty() {
        return Ok(());
    }
    let panel = crate::panels::store::panel_by_id(db, panel_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no panel {}", panel_id.0))?;
    let facilitator = user_of(
        people::store::user_by_id(db, panel.created_by)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the demo panel has no creator"))?,
    )?;
    let as_facilitator = PanelAccess {
        panel: panel.clone(),
        role: Some(PanelRole::Facilitator),
        actor: Some(facilitator.actor()),
        rules: Default::default(),
    };
    let companies = access::companies(db, panel_id).await?;
    anyhow::ensure!(
        companies.len() >= 6,
        "the demo panel needs six member companies"
    );
    let opens = now - Duration::days(20);
    let voting = now - Duration::days(6);
    let form = IdeaTaskForm {
        title: "Ideat: mikä helpottaisi asiointia eniten?".into(),
        intro: "Kirjatkaa ideoita, jotka helpottaisivat yrityksenne asiointia. Ideoita voi \
                kommentoida, ja äänestysvaiheessa jokainen jäsen jakaa 10 pistettä. Eniten \
                pisteitä saaneet ideat otetaan seuraavan työpajan asialistalle."
            .into(),
        opens_at: helsinki_input(&opens),
        voting_opens_at: helsinki_input(&voting),
        closes_at: helsinki_input(&(now + Duration::days(8))),
        anonymous: None,
        results: "always".into(),
        method: "dots".into(),
        points: "10".into(),
        ideas_visible: Some("on".into()),
    };
    let new = NewIdeaTask::parse(&form)
        .map_err(|e| anyhow::anyhow!("the demo ideas task does not check: {e:?}"))?;
    let created = service::create_task(db, &as_facilitator, &facilitator, new, opens).await?;
    let task = || async {
        tasks_service::task_view(db, panel_id, created.id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the demo ideas task vanished"))
    };
    let collecting = task().await?;
    // Generous: the demo writes faster than any person would.
    let rate = WriteRate {
        per_minute: 1000,
        per_hour: 1000,
    };
    let mut writers = Vec::new();
    for c in &companies {
        let row = people::store::user_by_id(db, c.user_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("a demo member vanished"))?;
        writers.push(user_of(row)?);
    }
    let member_access = |u: &CurrentUser| PanelAccess {
        panel: panel.clone(),
        role: Some(PanelRole::Member),
        actor: Some(Actor {
            id: u.id,
            role: u.role,
        }),
        rules: Default::default(),
    };
    let mut idea_ids = Vec::new();
    for (i, (title, body, writer)) in IDEAS.iter().enumerate() {
        let text = IdeaText::parse(&IdeaForm {
            title: (*title).into(),
            body: (*body).into(),
        })
        .map_err(|e| anyhow::anyhow!("a demo idea does not check: {e:?}"))?;
        let u = &writers[*writer];
        let at = opens + Duration::hours(5 + 20 * i as i64);
        let saved =
            service::submit_idea(db, &member_access(u), u, &collecting, text, rate, at).await?;
        idea_ids.push(IdeaId(saved.id));
    }
    for (idea, writer, body) in COMMENTS {
        let text = CommentText::parse(&CommentForm { body: body.into() })
            .map_err(|e| anyhow::anyhow!("a demo comment does not check: {e:?}"))?;
        let u = &writers[writer];
        let at = opens + Duration::days(5);
        service::comment(
            db,
            &member_access(u),
            u,
            &collecting,
            idea_ids[idea],
            text,
            rate,
            at,
        )
        .await?;
    }
    // The evening chat was proposed twice: the facilitator merged the second into the first.
    service::merge(
        db,
        &as_facilitator,
        &collecting,
        idea_ids[4],
        idea_ids[0],
        voting - Duration::days(1),
    )
    .await?;
    // Two thirds of the companies have voted so far.
    let ballot = task().await?;
    let question = &ballot.questions[0];
    let on_ballot: Vec<_> = question.options.iter().map(|o| o.id).collect();
    for (i, c) in companies.iter().take(companies.len() * 2 / 3).enumerate() {
        let pick = |k: usize| question.option_field(on_ballot[(i + k) % on_ballot.len()]);
        let fields = AnswerFields::from_pairs([
            (question.option_field(on_ballot[0]), (3 + i % 3).to_string()),
            (pick(1), "3".to_owned()),
            (pick(2), "2".to_owned()),
        ]);
        tasks_service::submit(
            db,
            &ballot,
            Some(PanelRole::Member),
            c.user_id,
            Some(c),
            &fields,
            voting + Duration::hours(2 + i as i64),
        )
        .await?;
    }
    // The evening chat already became an action.
    let owners = actions::service::owners(db, &panel).await?;
    let owner = owners
        .first()
        .ok_or_else(|| anyhow::anyhow!("the demo panel has no one to own an action"))?;
    let description = "Jäsenten idea: chat auki iltaisin. Kokeillaan kahta iltavuoroa \
                       viikossa kuukauden ajan ja seurataan kysyntää.";
    let written = now - Duration::days(2);
    let txn = begin_write(db).await?;
    let row = actions::store::insert_action(
        &txn,
        panel.id,
        NewAction {
            title: "Iltachatin kokeilu kahtena iltana viikossa".into(),
            description_md: description.into(),
            description_html: markdown::render(description)?,
            owner_id: owner.id,
            due_on: actions::service::day_of(now) + Duration::days(30),
            source: Source::Idea(idea_ids[0].0),
        },
        panel.created_by,
        written,
    )
    .await?;
    actions::store::insert_update(
        &txn,
        ActionId(row.id),
        panel.created_by,
        Status::Planned,
        "",
        written,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
