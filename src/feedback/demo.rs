//! `lupa demo`'s feedback: the tax administration's topic list and feedback items in each
//! state (one answered and published as a post), worked by its administrator through the
//! service, so the audit log has their entries too.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, DatabaseConnection};

use super::{
    entities::feedback_item as item,
    model::{NewFeedback, Status},
    service::{self, Inbox},
    store,
};
use crate::{auth::CurrentUser, i18n::Lang, markdown, people};

/// The organisation (short name) and the person who works its inbox in the demo.
const ORG: &str = "vero";
const STAFF: &str = "aino.administraattori@vero.example";

const TOPICS: [&str; 3] = ["Verkkoasiointi", "Puhelinpalvelu", "Lomakkeet"];

/// One demo item: (topic, days ago, text, email, may publish, language, final state).
type DemoItem = (
    usize,
    i64,
    &'static str,
    Option<&'static str>,
    bool,
    &'static str,
    Status,
);

const ITEMS: [DemoItem; 5] = [
    (
        0,
        2,
        "Kirjautuminen OmaVeroon katkesi kesken lomakkeen, ja tiedot hävisivät.",
        Some("matti.meikalainen@example.fi"),
        false,
        "fi",
        Status::New,
    ),
    (
        1,
        9,
        "Jonotin puhelimessa 40 minuuttia. Voisiko soittopyyntö olla mahdollinen?",
        None,
        true,
        "fi",
        Status::InProgress,
    ),
    (
        2,
        20,
        "Blanketten för ändring av förskottsskatt är svår att hitta på svenska.",
        Some("kund@example.se"),
        true,
        "sv",
        Status::Answered,
    ),
    (
        0,
        35,
        "The English version of the e-service is very clear. Thank you!",
        Some("visitor@example.com"),
        true,
        "en",
        Status::Closed,
    ),
    (
        1,
        50,
        "Palveluneuvoja auttoi ystävällisesti ja nopeasti.",
        None,
        false,
        "fi",
        Status::Closed,
    ),
];

/// Add the demo feedback, dated back from `today`.
pub async fn demo(db: &DatabaseConnection, today: DateTime<Utc>) -> anyhow::Result<()> {
    let Some(row) = people::store::user_by_email(db, STAFF).await? else {
        return Ok(());
    };
    let staff = CurrentUser::from_row(row).ok_or_else(|| anyhow::anyhow!("demo staff inactive"))?;
    let inbox = service::open_inbox(db, &staff, ORG).await?;
    let mut topic_ids = Vec::new();
    for name in TOPICS {
        topic_ids.push(service::add_topic(db, &inbox, name).await?.id);
    }
    for (topic, days, text, email, may_publish, lang, state) in ITEMS {
        let at = today - Duration::days(days);
        let new = NewFeedback {
            topic_id: topic_ids[topic],
            body_md: text.to_owned(),
            html: markdown::render(text)?,
            email: email
                .map(crate::people::model::Email::parse)
                .transpose()
                .map_err(|e| anyhow::anyhow!("{}", e.message_key))?,
            may_publish,
            language: Lang::parse(lang).unwrap_or(Lang::Fi),
        };
        let saved = store::insert_item(db, inbox.org.id, None, new, at).await?;
        work(db, &inbox, saved, state).await?;
    }
    panel_form(db, &staff, today).await
}

/// The customer panel offers its own form; one company's note came through it to the panel's
/// organisation's inbox.
async fn panel_form(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    today: DateTime<Utc>,
) -> anyhow::Result<()> {
    use sea_orm::ActiveModelTrait;
    let Some(panel) = crate::panels::store::panel_by_slug(db, crate::panels::demo::SLUG).await?
    else {
        return Ok(());
    };
    let Some(org) = people::store::organization_by_id(db, panel.organization_id).await? else {
        return Ok(());
    };
    let mut active: crate::entities::panel::ActiveModel = panel.clone().into();
    active.feedback_form = Set(true);
    active.update(db).await?;
    let inbox = service::open_inbox(db, staff, &org.short_name).await?;
    let topic = service::add_topic(db, &inbox, "Yrityspalvelut").await?;
    let text = "Paneelin työpajan muistio tuli nopeasti. Voisiko seuraavan ajankohdan kertoa jo kuukautta ennen?";
    let new = NewFeedback {
        topic_id: topic.id,
        body_md: text.to_owned(),
        html: markdown::render(text)?,
        email: None,
        may_publish: true,
        language: Lang::Fi,
    };
    store::insert_item(db, org.id, Some(panel.id), new, today - Duration::days(4)).await?;
    Ok(())
}

/// Bring an item to its demo state through the service (the answered one gets its reply
/// kept, without sending email, and is published).
async fn work(
    db: &DatabaseConnection,
    inbox: &Inbox,
    row: item::Model,
    state: Status,
) -> anyhow::Result<()> {
    let id = row.id;
    match state {
        Status::New => {}
        Status::InProgress => {
            service::set_status(db, inbox, id, Status::InProgress).await?;
            service::assign(db, inbox, id, Some(inbox.staff.id)).await?;
            service::add_note(db, inbox, id, "Selvitetään soittopyyntöpalvelun aikataulu.").await?;
        }
        Status::Answered => {
            let mut active: item::ActiveModel = row.into();
            active.reply_md = Set(Some(
                "Tack! Blanketten finns nu också via sökningen på svenska.".into(),
            ));
            active.replied_by = Set(Some(inbox.staff.id));
            active.replied_at = Set(Some(crate::db::now()));
            store::save_item(db, active, crate::db::now()).await?;
            service::set_status(db, inbox, id, Status::Answered).await?;
            service::publish(
                db,
                inbox,
                id,
                service::Destination::Post,
                crate::config::WriteRate::default(),
            )
            .await?;
        }
        Status::Closed => {
            service::set_status(db, inbox, id, Status::Closed).await?;
        }
    }
    Ok(())
}
