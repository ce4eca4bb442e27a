//! Scheduling poll use cases: propose candidate times, answer them, move or add times, and
//! confirm one, which makes the workshop. Every write runs in one transaction with the
//! emails it causes, and wakes the sender after its commit.
use std::collections::{BTreeMap, HashMap};

use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection};

use super::{
    super::{
        model::{Answer, MAX_SLOTS, PollId, SlotId, Span, Tally, WorkshopId, check_deadline},
        service::{Mail, WorkshopError, notify, recipient, workshop_url},
        store,
    },
    command::{ConfirmTime, NewPoll},
};
use crate::{
    auth::tokens,
    db::{begin_write, now},
    email::EmailKind,
    entities::{scheduling_poll, scheduling_slot, user, workshop},
    error::FieldError,
    i18n::{FluentArg, Tr},
    panels::{access, model::PanelId},
};

/// Open a poll with candidate slots; every seated member is emailed.
#[allow(clippy::too_many_arguments)]
pub async fn create_poll(
    db: &DatabaseConnection,
    mail: &Mail,
    panel: PanelId,
    panel_slug: &str,
    author: i32,
    new: &NewPoll,
) -> Result<PollId, WorkshopError> {
    let title = new.title.as_str();
    check_slot_count(0, new.slots.len())?;
    let txn = begin_write(db).await?;
    let poll = store::insert_poll(&txn, panel, title, &new.description, author).await?;
    for span in &new.slots {
        store::insert_slot(&txn, PollId(poll.id), *span).await?;
    }
    let link = format!(
        "{}/panels/{panel_slug}/scheduling/{}",
        mail.site.base_url, poll.id
    );
    let members = access::member_user_ids(&txn, panel).await?;
    for u in store::users_by_id(&txn, members).await? {
        let args = [("title", FluentArg::Str(title.to_owned()))];
        notify(
            &txn,
            &mail.site,
            &u,
            EmailKind::PollOpened,
            "workshops-email-poll-subject",
            "workshops-email-poll-body",
            &args,
            &link,
            None,
        )
        .await?;
    }
    txn.commit().await?;
    mail.committed();
    Ok(PollId(poll.id))
}

async fn open_poll(
    db: &impl ConnectionTrait,
    panel: PanelId,
    poll: PollId,
) -> Result<scheduling_poll::Model, WorkshopError> {
    let p = store::poll_in_panel(db, panel, poll)
        .await?
        .ok_or(WorkshopError::NotFound)?;
    if p.closed_at.is_some() {
        return Err(WorkshopError::PollClosed);
    }
    Ok(p)
}

/// A poll keeps at most `MAX_SLOTS` candidate times, whichever door they came through.
fn check_slot_count(existing: usize, adding: usize) -> Result<(), WorkshopError> {
    if existing + adding > MAX_SLOTS {
        return Err(WorkshopError::Fields(vec![FieldError::new(
            "slots",
            "workshops-api-too-many-slots",
        )]));
    }
    Ok(())
}

/// Add candidate slots to an open poll.
pub async fn add_slots(
    db: &DatabaseConnection,
    panel: PanelId,
    poll: PollId,
    slots: &[Span],
) -> Result<(), WorkshopError> {
    let txn = begin_write(db).await?;
    open_poll(&txn, panel, poll).await?;
    check_slot_count(store::slots_of(&txn, poll).await?.len(), slots.len())?;
    for span in slots {
        store::insert_slot(&txn, poll, *span).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Move a slot. Answers to that slot are cleared when its time changes (they were about
/// another time); answers to every other slot stay.
pub async fn edit_slot(
    db: &DatabaseConnection,
    panel: PanelId,
    poll: PollId,
    slot: SlotId,
    span: Span,
) -> Result<(), WorkshopError> {
    let txn = begin_write(db).await?;
    open_poll(&txn, panel, poll).await?;
    let current = store::slots_of(&txn, poll)
        .await?
        .into_iter()
        .find(|s| s.id == slot.0)
        .ok_or(WorkshopError::NotFound)?;
    if current.starts_at != span.start || current.ends_at != span.end {
        store::update_slot(&txn, slot, span).await?;
        store::delete_answers_to(&txn, slot).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Record a member's answers; slots left out keep their earlier answer.
pub async fn answer(
    db: &DatabaseConnection,
    panel: PanelId,
    poll: PollId,
    user_id: i32,
    answers: &[(SlotId, Answer)],
) -> Result<(), WorkshopError> {
    let txn = begin_write(db).await?;
    open_poll(&txn, panel, poll).await?;
    let slots: Vec<i32> = store::slots_of(&txn, poll)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let at = now();
    for (slot, value) in answers {
        if slots.contains(&slot.0) {
            store::upsert_answer(&txn, *slot, user_id, *value, at).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// One candidate slot with its answers.
#[derive(Clone, Debug)]
pub struct SlotView {
    pub slot: scheduling_slot::Model,
    pub tally: Tally,
    pub answers: HashMap<i32, Answer>,
}

impl SlotView {
    pub fn span(&self) -> Span {
        Span {
            start: self.slot.starts_at,
            end: self.slot.ends_at,
        }
    }
}

/// A poll as its page shows it.
#[derive(Clone, Debug)]
pub struct PollView {
    pub poll: scheduling_poll::Model,
    /// In time order.
    pub slots: Vec<SlotView>,
    /// Everyone who answered, by name.
    pub respondents: Vec<user::Model>,
}

impl PollView {
    /// Slots best first (most yes, then most "if need be", then earliest).
    pub fn ranked(&self) -> Vec<&SlotView> {
        let mut ranked: Vec<&SlotView> = self.slots.iter().collect();
        ranked.sort_by_key(|s| (s.tally.rank_key(), s.slot.starts_at));
        ranked
    }
}

pub async fn poll_view(
    db: &impl ConnectionTrait,
    panel: PanelId,
    poll: PollId,
) -> Result<PollView, WorkshopError> {
    let p = store::poll_in_panel(db, panel, poll)
        .await?
        .ok_or(WorkshopError::NotFound)?;
    let slots = store::slots_of(db, poll).await?;
    let ids: Vec<i32> = slots.iter().map(|s| s.id).collect();
    let mut by_slot: HashMap<i32, HashMap<i32, Answer>> = HashMap::new();
    let mut people: BTreeMap<i32, ()> = BTreeMap::new();
    for a in store::answers_to(db, &ids).await? {
        by_slot
            .entry(a.slot_id)
            .or_default()
            .insert(a.user_id, a.answer);
        people.insert(a.user_id, ());
    }
    let slots = slots
        .into_iter()
        .map(|slot| {
            let answers = by_slot.remove(&slot.id).unwrap_or_default();
            let mut tally = Tally::default();
            for a in answers.values() {
                match a {
                    Answer::Yes => tally.yes += 1,
                    Answer::IfNeedBe => tally.if_need_be += 1,
                    Answer::No => tally.no += 1,
                }
            }
            SlotView {
                slot,
                tally,
                answers,
            }
        })
        .collect();
    let respondents = store::users_by_id(db, people.into_keys().collect()).await?;
    Ok(PollView {
        poll: p,
        slots,
        respondents,
    })
}

/// Confirm one slot: the workshop is created, the poll closes, and everyone who answered
/// is emailed. A registration deadline must fall before the chosen slot starts (else
/// `WorkshopError::Fields` on `registration_deadline`).
#[allow(clippy::too_many_arguments)]
pub async fn confirm(
    db: &DatabaseConnection,
    mail: &Mail,
    panel: PanelId,
    panel_slug: &str,
    poll: PollId,
    time: ConfirmTime,
    author: i32,
) -> Result<WorkshopId, WorkshopError> {
    let ConfirmTime {
        slot,
        draft,
        registration_deadline,
    } = time;
    let txn = begin_write(db).await?;
    let p = open_poll(&txn, panel, poll).await?;
    let slots = store::slots_of(&txn, poll).await?;
    let chosen = slots
        .iter()
        .find(|s| s.id == slot.0)
        .ok_or(WorkshopError::NotFound)?;
    check_deadline(registration_deadline, chosen.starts_at)
        .map_err(|e| WorkshopError::Fields(vec![e]))?;
    let at = now();
    let w = workshop::ActiveModel {
        panel_id: Set(panel.0),
        uid_key: Set(tokens::random_token()[..20].to_owned()),
        title: Set(p.title.clone()),
        description_md: Set(p.description.clone()),
        // Rendered once here, never on read.
        description_html: Set(crate::markdown::render(&p.description)
            .map_err(|e| anyhow::anyhow!("workshop description: {e}"))?
            .into_string()),
        starts_at: Set(chosen.starts_at),
        ends_at: Set(chosen.ends_at),
        place: Set(draft.place),
        online_url: Set(draft.online_url),
        capacity: Set(draft.capacity),
        registration_deadline: Set(registration_deadline),
        sequence: Set(0),
        cancelled_at: Set(None),
        created_by: Set(author),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    store::close_poll(&txn, poll, slot, WorkshopId(w.id)).await?;
    let ids: Vec<i32> = slots.iter().map(|s| s.id).collect();
    let mut answered: Vec<i32> = store::answers_to(&txn, &ids)
        .await?
        .into_iter()
        .map(|a| a.user_id)
        .collect();
    answered.sort_unstable();
    answered.dedup();
    let link = workshop_url(&mail.site, panel_slug, WorkshopId(w.id));
    for u in store::users_by_id(&txn, answered).await? {
        let t = Tr::new(recipient(&u, &mail.site).lang);
        let args = [
            ("title", FluentArg::Str(w.title.clone())),
            ("time", FluentArg::Str(t.long_datetime(&w.starts_at))),
        ];
        notify(
            &txn,
            &mail.site,
            &u,
            EmailKind::TimeConfirmed,
            "workshops-email-confirmed-subject",
            "workshops-email-confirmed-body",
            &args,
            &link,
            None,
        )
        .await?;
    }
    txn.commit().await?;
    mail.committed();
    Ok(WorkshopId(w.id))
}
