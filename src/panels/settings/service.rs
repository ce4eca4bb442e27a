//! A panel's settings: creating and editing panels and choosing their facilitators.
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
};

use crate::panels::{
    access::PanelAccess,
    membership::service::offer_free_seats,
    model::{LogAction, MemberRole, PanelId, PanelSlug, PanelVisibility, short_text},
    service::{PanelError, log, one},
    store,
};
use crate::{
    auth::{CurrentUser, Role, permissions},
    db::{begin_write, now, unless_taken},
    entities::{panel, panel_member},
    error::FieldError,
    markdown,
    web::forms::collect,
};

// ----- Panels -----

/// A panel's settings as typed into the form or sent to the API.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct PanelInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub organization_id: String,
    #[serde(default)]
    pub term_start: String,
    #[serde(default)]
    pub term_end: String,
    #[serde(default)]
    pub seat_target: String,
    #[serde(default)]
    pub seat_cap: String,
    #[serde(default)]
    pub visibility: String,
    #[serde(default)]
    pub listed_publicly: bool,
    /// Whether anyone signed in may join the panel themself.
    #[serde(default)]
    pub open_join: bool,
    /// Whether the panel has its own public feedback form.
    #[serde(default)]
    pub feedback_form: bool,
    /// User ids of the facilitators.
    #[serde(default)]
    pub facilitators: Vec<i32>,
}

/// Checked panel settings.
#[derive(Clone, Debug)]
pub struct CheckedPanel {
    pub name: String,
    pub slug: PanelSlug,
    pub description_md: String,
    pub description_html: markdown::SafeHtml,
    pub organization_id: i32,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    pub seat_target: i32,
    pub seat_cap: i32,
    pub visibility: PanelVisibility,
    pub listed_publicly: bool,
    pub open_join: bool,
    pub feedback_form: bool,
    pub facilitators: Vec<i32>,
}

fn parse_date(raw: &str, field: &'static str) -> Result<NaiveDate, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError {
            field: field.into(),
            message_key: "field-required",
            args: Vec::new(),
        });
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| FieldError {
        field: field.into(),
        message_key: "panel-date-invalid",
        args: Vec::new(),
    })
}

fn parse_seats(raw: &str, field: &'static str) -> Result<i32, FieldError> {
    match raw.trim().parse::<i32>() {
        Ok(n) if (1..=10_000).contains(&n) => Ok(n),
        _ => Err(FieldError {
            field: field.into(),
            message_key: "panel-seats-invalid",
            args: Vec::new(),
        }),
    }
}

/// Check every field of a panel's settings, reporting all problems at once.
pub fn check_panel(input: &PanelInput) -> Result<CheckedPanel, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = collect(&mut errors, short_text(&input.name, "name", 200, true));
    let slug = collect(&mut errors, PanelSlug::parse(&input.slug, &input.name));
    let html = if input.description.trim().is_empty() {
        errors.push(FieldError {
            field: "description".into(),
            message_key: "field-required",
            args: Vec::new(),
        });
        None
    } else {
        markdown::render(&input.description)
            .map_err(|e| {
                errors.push(crate::blog::service::markdown_field_error(
                    "description",
                    &e,
                ))
            })
            .ok()
    };
    let organization_id = match input.organization_id.trim().parse::<i32>() {
        Ok(id) => Some(id),
        Err(_) => {
            errors.push(FieldError {
                field: "organization_id".into(),
                message_key: "panel-choice-invalid",
                args: Vec::new(),
            });
            None
        }
    };
    let term_start = collect(&mut errors, parse_date(&input.term_start, "term_start"));
    let term_end = collect(&mut errors, parse_date(&input.term_end, "term_end"));
    if let (Some(s), Some(e)) = (term_start, term_end)
        && e < s
    {
        errors.push(FieldError {
            field: "term_end".into(),
            message_key: "panel-term-end-before-start",
            args: Vec::new(),
        });
    }
    let seat_target = collect(&mut errors, parse_seats(&input.seat_target, "seat_target"));
    let seat_cap = collect(&mut errors, parse_seats(&input.seat_cap, "seat_cap"));
    if let (Some(t), Some(c)) = (seat_target, seat_cap)
        && c < t
    {
        errors.push(FieldError {
            field: "seat_cap".into(),
            message_key: "panel-cap-below-target",
            args: Vec::new(),
        });
    }
    let visibility = collect(&mut errors, PanelVisibility::parse_field(&input.visibility));
    let mut facilitators = input.facilitators.clone();
    facilitators.sort_unstable();
    facilitators.dedup();
    match (
        name,
        slug,
        html,
        organization_id,
        term_start,
        term_end,
        seat_target,
        seat_cap,
        visibility,
    ) {
        (
            Some(name),
            Some(slug),
            Some(html),
            Some(organization_id),
            Some(term_start),
            Some(term_end),
            Some(seat_target),
            Some(seat_cap),
            Some(visibility),
        ) if errors.is_empty() => Ok(CheckedPanel {
            name,
            slug,
            description_md: input.description.clone(),
            description_html: html,
            organization_id,
            term_start,
            term_end,
            seat_target,
            seat_cap,
            visibility,
            listed_publicly: input.listed_publicly,
            open_join: input.open_join,
            feedback_form: input.feedback_form,
            facilitators,
        }),
        _ => Err(errors),
    }
}

/// Facilitators must be active staff; the organisation must exist.
async fn check_references(
    db: &impl ConnectionTrait,
    checked: &CheckedPanel,
) -> Result<(), PanelError> {
    let mut errors = Vec::new();
    let org = crate::entities::organization::Entity::find_by_id(checked.organization_id)
        .one(db)
        .await?;
    if org.is_none() {
        errors.push(FieldError {
            field: "organization_id".into(),
            message_key: "panel-choice-invalid",
            args: Vec::new(),
        });
    }
    let staff: Vec<i32> = store::staff(db).await?.into_iter().map(|u| u.id).collect();
    if checked.facilitators.iter().any(|id| !staff.contains(id)) {
        errors.push(FieldError {
            field: "facilitators".into(),
            message_key: "panel-facilitator-invalid",
            args: Vec::new(),
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(PanelError::Fields(errors))
    }
}

/// Only an administrator may make themselves a panel's facilitator. Editors manage every
/// panel's settings but read a private panel's members, answers and discussion only as its
/// facilitator, so naming themselves would let them in without anyone deciding it; they
/// choose other staff, and an administrator appoints them when they should facilitate.
fn check_self_appointment(
    actor: &CurrentUser,
    current: &[i32],
    wanted: &[i32],
) -> Result<(), PanelError> {
    let appoints_self = wanted.contains(&actor.id) && !current.contains(&actor.id);
    if appoints_self && actor.role != Role::Admin {
        return Err(one("facilitators", "panel-facilitator-self"));
    }
    Ok(())
}

/// Make the facilitator rows match the chosen people, logging each change.
async fn set_facilitators(
    db: &impl ConnectionTrait,
    panel: PanelId,
    actor: i32,
    wanted: &[i32],
) -> Result<(), DbErr> {
    let current = store::facilitator_ids(db, panel).await?;
    for id in current.iter().filter(|id| !wanted.contains(id)) {
        panel_member::Entity::delete_many()
            .filter(panel_member::Column::PanelId.eq(panel.0))
            .filter(panel_member::Column::UserId.eq(*id))
            .exec(db)
            .await?;
        log(
            db,
            panel,
            Some(actor),
            Some(*id),
            LogAction::FacilitatorRemoved,
            "",
        )
        .await?;
    }
    for id in wanted.iter().filter(|id| !current.contains(id)) {
        match store::membership(db, panel, *id).await? {
            // A seated member chosen as facilitator keeps the company details.
            Some(m) => {
                let mut active: panel_member::ActiveModel = m.into();
                active.role = Set(MemberRole::Facilitator.as_str().to_owned());
                active.update(db).await?;
            }
            None => {
                panel_member::ActiveModel {
                    panel_id: Set(panel.0),
                    user_id: Set(*id),
                    role: Set(MemberRole::Facilitator.as_str().to_owned()),
                    company_name: Set(String::new()),
                    business_id: Set(None),
                    industry: Set(None),
                    region: Set(None),
                    stage: Set(None),
                    role_in_company: Set(String::new()),
                    joined_at: Set(now()),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }
        }
        log(
            db,
            panel,
            Some(actor),
            Some(*id),
            LogAction::FacilitatorAdded,
            "",
        )
        .await?;
    }
    Ok(())
}

/// An admin or editor creates a panel.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn create_panel(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    checked: CheckedPanel,
) -> Result<panel::Model, PanelError> {
    if !permissions::can_manage_panels(Some(actor.actor())) {
        return Err(PanelError::Forbidden);
    }
    check_self_appointment(actor, &[], &checked.facilitators)?;
    let txn = begin_write(db).await?;
    check_references(&txn, &checked).await?;
    let at = now();
    let row = panel::ActiveModel {
        name: Set(checked.name.clone()),
        description_md: Set(checked.description_md.clone()),
        description_html: Set(checked.description_html.as_str().to_owned()),
        organization_id: Set(checked.organization_id),
        term_start: Set(checked.term_start),
        term_end: Set(checked.term_end),
        seat_target: Set(checked.seat_target),
        seat_cap: Set(checked.seat_cap),
        visibility: Set(checked.visibility.as_str().to_owned()),
        listed_publicly: Set(checked.listed_publicly),
        open_join: Set(checked.open_join),
        feedback_form: Set(checked.feedback_form),
        created_by: Set(actor.id),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    };
    let saved = insert_panel(&txn, &checked.slug, row).await?;
    let id = PanelId(saved.id);
    log(
        &txn,
        id,
        Some(actor.id),
        None,
        LogAction::Created,
        &saved.name,
    )
    .await?;
    set_facilitators(&txn, id, actor.id, &checked.facilitators).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Tries before `insert_panel` gives up on a name-made slug that concurrent writers keep
/// taking first.
const SLUG_TRIES: usize = 64;

/// Insert a new panel under its slug. A typed slug that is taken (also by a panel created
/// at the same moment) is refused for the form; a slug made from the name gets the first
/// free number instead (`asiakasraati-2`).
async fn insert_panel(
    txn: &DatabaseTransaction,
    slug: &PanelSlug,
    row: panel::ActiveModel,
) -> Result<panel::Model, PanelError> {
    let base = slug.as_str();
    let mut tries = 0;
    for candidate in crate::blog::model::slug_candidates(base) {
        if store::slug_taken(txn, &candidate).await? {
            if !slug.is_derived() {
                return Err(one("slug", "panel-slug-taken"));
            }
            continue;
        }
        let mut row = row.clone();
        row.slug = Set(candidate);
        if let Some(saved) = unless_taken(txn, "slug", async |sp| row.insert(sp).await).await? {
            return Ok(saved);
        }
        tries += 1;
        if !slug.is_derived() {
            return Err(one("slug", "panel-slug-taken"));
        }
        if tries == SLUG_TRIES {
            break;
        }
    }
    Err(DbErr::Custom(format!("no free panel slug for {base:?}")).into())
}

/// A panel's settings in one line, for the audit log's before and after.
fn settings_summary(p: &panel::Model) -> String {
    format!(
        "name={}; slug={}; term={}..{}; seats={}/{}; visibility={}; listed={}",
        p.name,
        p.slug,
        p.term_start,
        p.term_end,
        p.seat_target,
        p.seat_cap,
        p.visibility,
        p.listed_publicly
    )
}

/// Change a panel's settings (admins, editors and the panel's facilitators). A raised seat
/// cap offers the freed seats to the waiting list.
#[tracing::instrument(skip_all, fields(actor = actor.id, panel = access.panel.id))]
pub async fn update_panel(
    db: &DatabaseConnection,
    mailer: &crate::email::Mailer,
    actor: &CurrentUser,
    access: &PanelAccess,
    checked: CheckedPanel,
) -> Result<panel::Model, PanelError> {
    if !access.manages() {
        return Err(PanelError::Forbidden);
    }
    let txn = begin_write(db).await?;
    let current = store::facilitator_ids(&txn, access.id()).await?;
    check_self_appointment(actor, &current, &checked.facilitators)?;
    check_references(&txn, &checked).await?;
    if checked.slug.as_str() != access.panel.slug
        && store::slug_taken(&txn, checked.slug.as_str()).await?
    {
        return Err(one("slug", "panel-slug-taken"));
    }
    let id = access.id();
    let mut active: panel::ActiveModel = access.panel.clone().into();
    active.slug = Set(checked.slug.as_str().to_owned());
    active.name = Set(checked.name.clone());
    active.description_md = Set(checked.description_md.clone());
    active.description_html = Set(checked.description_html.as_str().to_owned());
    active.organization_id = Set(checked.organization_id);
    active.term_start = Set(checked.term_start);
    active.term_end = Set(checked.term_end);
    active.seat_target = Set(checked.seat_target);
    active.seat_cap = Set(checked.seat_cap);
    active.visibility = Set(checked.visibility.as_str().to_owned());
    active.listed_publicly = Set(checked.listed_publicly);
    active.open_join = Set(checked.open_join);
    active.feedback_form = Set(checked.feedback_form);
    active.updated_at = Set(now());
    // A slug another panel took since the check above is refused like one taken before.
    let saved = unless_taken(&txn, "slug", async |sp| active.update(sp).await)
        .await?
        .ok_or_else(|| one("slug", "panel-slug-taken"))?;
    log(&txn, id, Some(actor.id), None, LogAction::Edited, "").await?;
    let entry = crate::audit::model::NewEntry {
        panel_id: Some(id.0),
        before: settings_summary(&access.panel),
        after: settings_summary(&saved),
        ..crate::audit::model::NewEntry::new(
            Some(actor.id),
            crate::audit::model::Action::ChangeSettings,
            crate::audit::model::TargetKind::Panel,
            Some(id.0),
        )
    };
    crate::audit::store::record(&txn, entry).await?;
    set_facilitators(&txn, id, actor.id, &checked.facilitators).await?;
    offer_free_seats(&txn, &saved, Some(actor.id)).await?;
    txn.commit().await?;
    // A raised seat cap may have offered seats by email.
    mailer.wake();
    Ok(saved)
}
