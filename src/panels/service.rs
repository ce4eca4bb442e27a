//! Panel use cases: creating and editing panels, joining (applications, the waiting list,
//! invitations), leaving and removal, and the discussion. Every membership change is logged
//! in `panel_log` and any email goes to the outbox, in the same transaction.
use chrono::{Duration, NaiveDate};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
};

use super::{
    access::PanelAccess,
    model::{
        ApplicationStatus, BusinessId, CompanyStage, Industry, LogAction, MemberRole, PanelId,
        PanelSlug, PanelVisibility, Region, short_text,
    },
    store,
};
use crate::auth::write_rate::{self, Contribution, RateError};
use crate::config::WriteRate;
use crate::{
    auth::{CurrentUser, Role, password, password::Password, permissions, tokens},
    blog::service as blog_service,
    comments::{
        model::{CommentBody, CommentId, Discussion, Standing},
        service::{self as comment_service, CommentError, CommentTarget, NewComment},
    },
    db::{begin_write, now, unless_taken},
    email::{self, OutgoingEmail},
    entities::{
        panel, panel_application, panel_invitation, panel_log, panel_member, panel_topic, post,
        user,
    },
    error::{AppError, FieldError},
    i18n::{Lang, Tr},
    markdown,
    people::model::{DisplayName, Email},
    people::store as people_store,
    web::forms::collect,
};

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 14;

/// Why a panel change failed.
#[derive(Debug, thiserror::Error)]
pub enum PanelError {
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    #[error("invalid input")]
    Fields(Vec<FieldError>),
    /// The author is over the rate of writing.
    #[error("too many contributions")]
    TooFast,
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

fn one(field: &'static str, message_key: &'static str) -> PanelError {
    PanelError::Fields(vec![FieldError {
        field: field.into(),
        message_key,
    }])
}

/// The comment rules' verdicts, as a panel reports them.
impl From<CommentError> for PanelError {
    fn from(e: CommentError) -> Self {
        match e {
            CommentError::NotFound => PanelError::NotFound,
            CommentError::Forbidden => PanelError::Forbidden,
            CommentError::ParentGone => one("body", "comment-parent-gone"),
            CommentError::Rate(e) => e.into(),
            CommentError::Db(e) => PanelError::Db(e),
        }
    }
}

impl From<RateError> for PanelError {
    fn from(e: RateError) -> Self {
        match e {
            RateError::TooFast => PanelError::TooFast,
            RateError::Db(e) => PanelError::Db(e),
        }
    }
}

impl From<PanelError> for AppError {
    fn from(e: PanelError) -> Self {
        match e {
            PanelError::NotFound => AppError::NotFound,
            PanelError::Forbidden => AppError::Forbidden,
            PanelError::Fields(f) => AppError::Validation(f),
            PanelError::TooFast => AppError::TooManyContributions,
            PanelError::Db(e) => e.into(),
            PanelError::Internal(e) => AppError::Internal(e),
        }
    }
}

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
    pub facilitators: Vec<i32>,
}

fn parse_date(raw: &str, field: &'static str) -> Result<NaiveDate, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError {
            field: field.into(),
            message_key: "field-required",
        });
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| FieldError {
        field: field.into(),
        message_key: "panel-date-invalid",
    })
}

fn parse_seats(raw: &str, field: &'static str) -> Result<i32, FieldError> {
    match raw.trim().parse::<i32>() {
        Ok(n) if (1..=10_000).contains(&n) => Ok(n),
        _ => Err(FieldError {
            field: field.into(),
            message_key: "panel-seats-invalid",
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
            facilitators,
        }),
        _ => Err(errors),
    }
}

/// Record what happened, inside the caller's transaction.
pub async fn log(
    db: &impl ConnectionTrait,
    panel: PanelId,
    actor: Option<i32>,
    subject: Option<i32>,
    action: LogAction,
    detail: &str,
) -> Result<(), DbErr> {
    panel_log::ActiveModel {
        panel_id: Set(panel.0),
        actor_id: Set(actor),
        subject_user_id: Set(subject),
        action: Set(action.as_str().to_owned()),
        detail: Set(detail.to_owned()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
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
        });
    }
    let staff: Vec<i32> = store::staff(db).await?.into_iter().map(|u| u.id).collect();
    if checked.facilitators.iter().any(|id| !staff.contains(id)) {
        errors.push(FieldError {
            field: "facilitators".into(),
            message_key: "panel-facilitator-invalid",
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

/// Change a panel's settings (admins, editors and the panel's facilitators). A raised seat
/// cap offers the freed seats to the waiting list.
#[tracing::instrument(skip_all, fields(actor = actor.id, panel = access.panel.id))]
pub async fn update_panel(
    db: &DatabaseConnection,
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
    active.updated_at = Set(now());
    // A slug another panel took since the check above is refused like one taken before.
    let saved = unless_taken(&txn, "slug", async |sp| active.update(sp).await)
        .await?
        .ok_or_else(|| one("slug", "panel-slug-taken"))?;
    log(&txn, id, Some(actor.id), None, LogAction::Edited, "").await?;
    set_facilitators(&txn, id, actor.id, &checked.facilitators).await?;
    offer_free_seats(&txn, &saved, Some(actor.id)).await?;
    txn.commit().await?;
    Ok(saved)
}

// ----- Joining -----

/// The company a person represents, as typed.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct CompanyInput {
    #[serde(default)]
    pub company_name: String,
    #[serde(default)]
    pub business_id: String,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub role_in_company: String,
}

/// A checked company.
#[derive(Clone, Debug)]
pub struct Company {
    pub name: String,
    pub business_id: BusinessId,
    pub industry: Industry,
    pub region: Region,
    pub stage: CompanyStage,
    pub role_in_company: String,
}

pub fn check_company(input: &CompanyInput, errors: &mut Vec<FieldError>) -> Option<Company> {
    let name = collect(
        errors,
        short_text(&input.company_name, "company_name", 200, true),
    );
    let business_id = collect(errors, BusinessId::parse(&input.business_id));
    let industry = collect(errors, Industry::parse_field(&input.industry));
    let region = collect(errors, Region::parse_field(&input.region));
    let stage = collect(errors, CompanyStage::parse_field(&input.stage));
    let role = collect(
        errors,
        short_text(&input.role_in_company, "role_in_company", 200, true),
    );
    Some(Company {
        name: name?,
        business_id: business_id?,
        industry: industry?,
        region: region?,
        stage: stage?,
        role_in_company: role?,
    })
}

/// A new panel-member account, as typed by someone not signed in.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct AccountInput {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub password: String,
}

/// A checked new account.
pub struct NewAccount {
    pub email: Email,
    pub name: DisplayName,
    pub password: Password,
}

pub fn check_account(input: &AccountInput, errors: &mut Vec<FieldError>) -> Option<NewAccount> {
    let email = collect(errors, Email::parse(&input.email));
    let name = collect(errors, DisplayName::parse(&input.display_name));
    let password = collect(
        errors,
        Password::parse(&input.password).map_err(|e| FieldError {
            field: "password".into(),
            message_key: e.message_key(),
        }),
    );
    Some(NewAccount {
        email: email?,
        name: name?,
        password: password?,
    })
}

/// Who is applying: the signed-in person, or a new panel-member account.
pub enum Applicant<'a> {
    Existing(&'a CurrentUser),
    New(NewAccount),
}

/// A checked application.
pub struct Application {
    pub company: Company,
    pub message: String,
}

/// The join form's own fields.
pub fn check_application(
    company: &CompanyInput,
    message: &str,
    consent: bool,
    errors: &mut Vec<FieldError>,
) -> Option<Application> {
    let company = check_company(company, errors);
    let message = collect(errors, short_text_multiline(message, "message", 4000));
    if !consent {
        errors.push(FieldError {
            field: "consent".into(),
            message_key: "panel-consent-required",
        });
    }
    Some(Application {
        company: company?,
        message: message?,
    })
    .filter(|_| consent)
}

fn short_text_multiline(raw: &str, field: &'static str, max: usize) -> Result<String, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError {
            field: field.into(),
            message_key: "field-required",
        });
    }
    if s.chars().count() > max {
        return Err(FieldError {
            field: field.into(),
            message_key: "panel-text-too-long",
        });
    }
    Ok(s.to_owned())
}

/// Create a panel-member account (role `panelist`, no organisation).
async fn insert_account(
    db: &impl ConnectionTrait,
    account: &NewAccount,
    language: Lang,
) -> Result<user::Model, PanelError> {
    if people_store::user_by_email(db, account.email.as_str())
        .await?
        .is_some()
    {
        return Err(one("email", "panel-email-taken"));
    }
    let hash = password::hash(&account.password).await?;
    Ok(user::ActiveModel {
        email: Set(account.email.as_str().to_owned()),
        display_name: Set(account.name.as_str().to_owned()),
        organization_id: Set(None),
        job_title: Set(String::new()),
        language: Set(Some(language.code().to_owned())),
        role: Set(Role::Panelist.as_str().to_owned()),
        password_hash: Set(hash),
        active: Set(true),
        created_at: Set(now()),
        deactivated_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

fn member_row(panel: PanelId, user_id: i32, company: &Company) -> panel_member::ActiveModel {
    panel_member::ActiveModel {
        panel_id: Set(panel.0),
        user_id: Set(user_id),
        role: Set(MemberRole::Member.as_str().to_owned()),
        company_name: Set(company.name.clone()),
        business_id: Set(Some(company.business_id.as_str().to_owned())),
        industry: Set(Some(company.industry.as_str().to_owned())),
        region: Set(Some(company.region.as_str().to_owned())),
        stage: Set(Some(company.stage.as_str().to_owned())),
        role_in_company: Set(company.role_in_company.clone()),
        joined_at: Set(now()),
        ..Default::default()
    }
}

fn company_of(app: &panel_application::Model) -> Option<Company> {
    Some(Company {
        name: app.company_name.clone(),
        business_id: BusinessId::parse(&app.business_id).ok()?,
        industry: Industry::parse(&app.industry)?,
        region: Region::parse(&app.region)?,
        stage: CompanyStage::parse(&app.stage)?,
        role_in_company: app.role_in_company.clone(),
    })
}

/// Seats taken plus seats offered and not yet taken.
async fn seats_spoken_for(db: &impl ConnectionTrait, panel: PanelId) -> Result<u64, DbErr> {
    Ok(store::seat_count(db, panel).await?
        + store::count_applications_in(db, panel, ApplicationStatus::Offered).await?)
}

/// What became of an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// Waiting for the facilitators.
    Pending,
    /// Seated at once (an open panel with a free seat).
    Joined,
    /// Full: on the waiting list.
    Waiting,
}

/// Apply to a panel (a private one) or join it (an open one). Returns the person (new or
/// existing) and what happened.
#[tracing::instrument(skip_all, fields(panel = access.panel.id))]
pub async fn apply(
    db: &DatabaseConnection,
    access: &PanelAccess,
    applicant: Applicant<'_>,
    application: Application,
    language: Lang,
) -> Result<(user::Model, Applied), PanelError> {
    let panel = access.id();
    let txn = begin_write(db).await?;
    let person = match &applicant {
        Applicant::Existing(u) => people_store::user_by_id(&txn, u.id)
            .await?
            .ok_or(PanelError::NotFound)?,
        Applicant::New(account) => insert_account(&txn, account, language).await?,
    };
    if store::membership(&txn, panel, person.id).await?.is_some() {
        return Err(one("company_name", "panel-already-member"));
    }
    if let Some(prev) = store::latest_application_of(&txn, panel, person.id).await?
        && ApplicationStatus::parse(&prev.status).is_some_and(ApplicationStatus::is_open)
    {
        return Err(one("company_name", "panel-already-applied"));
    }
    let open = access.visibility() == PanelVisibility::Open;
    let full = seats_spoken_for(&txn, panel).await? >= access.panel.seat_cap as u64;
    let (status, outcome) = match (open, full) {
        (true, false) => (ApplicationStatus::Accepted, Applied::Joined),
        (true, true) => (ApplicationStatus::Waiting, Applied::Waiting),
        (false, _) => (ApplicationStatus::Pending, Applied::Pending),
    };
    let waiting_position = if status == ApplicationStatus::Waiting {
        Some(store::next_waiting_position(&txn, panel).await?)
    } else {
        None
    };
    let company = &application.company;
    panel_application::ActiveModel {
        panel_id: Set(panel.0),
        user_id: Set(person.id),
        company_name: Set(company.name.clone()),
        business_id: Set(company.business_id.as_str().to_owned()),
        industry: Set(company.industry.as_str().to_owned()),
        region: Set(company.region.as_str().to_owned()),
        stage: Set(company.stage.as_str().to_owned()),
        role_in_company: Set(company.role_in_company.clone()),
        message: Set(application.message.clone()),
        consent_at: Set(now()),
        status: Set(status.as_str().to_owned()),
        waiting_position: Set(waiting_position),
        offered_at: Set(None),
        decision_message: Set(None),
        decided_by: Set(None),
        decided_at: Set((status == ApplicationStatus::Accepted).then(now)),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    log(
        &txn,
        panel,
        Some(person.id),
        Some(person.id),
        LogAction::Applied,
        &company.name,
    )
    .await?;
    match outcome {
        Applied::Joined => {
            member_row(panel, person.id, company).insert(&txn).await?;
            log(
                &txn,
                panel,
                Some(person.id),
                Some(person.id),
                LogAction::Joined,
                &company.name,
            )
            .await?;
        }
        Applied::Waiting => {
            log(
                &txn,
                panel,
                None,
                Some(person.id),
                LogAction::Waitlisted,
                &company.name,
            )
            .await?;
        }
        Applied::Pending => {}
    }
    txn.commit().await?;
    Ok((person, outcome))
}

/// A facilitator's decision on an application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    Accept,
    /// With an optional message to the applicant.
    Decline(Option<String>),
    /// Onto the waiting list.
    Wait,
}

/// Decide on an open application. Accepting when every seat is taken is refused with a
/// message suggesting the waiting list.
#[tracing::instrument(skip_all, fields(panel = access.panel.id, application = application_id))]
pub async fn decide(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    access: &PanelAccess,
    application_id: i32,
    decision: Decision,
) -> Result<panel_application::Model, PanelError> {
    if !access.is_facilitator() {
        return Err(PanelError::Forbidden);
    }
    let panel = access.id();
    let txn = begin_write(db).await?;
    let app = store::application_by_id(&txn, panel, application_id)
        .await?
        .ok_or(PanelError::NotFound)?;
    let status = ApplicationStatus::parse(&app.status).unwrap_or(ApplicationStatus::Declined);
    if !status.is_open() {
        return Err(one("decision", "panel-application-closed"));
    }
    let person = people_store::user_by_id(&txn, app.user_id)
        .await?
        .ok_or(PanelError::NotFound)?;
    let mut active: panel_application::ActiveModel = app.clone().into();
    active.decided_by = Set(Some(actor.id));
    active.decided_at = Set(Some(now()));
    let (action, mail_key) = match &decision {
        Decision::Accept => {
            // An offered seat is already counted as spoken for.
            let taken = seats_spoken_for(&txn, panel).await?
                - u64::from(status == ApplicationStatus::Offered);
            if taken >= access.panel.seat_cap as u64 {
                return Err(one("decision", "panel-seats-full"));
            }
            if store::membership(&txn, panel, app.user_id).await?.is_none() {
                let company = company_of(&app).ok_or(PanelError::NotFound)?;
                member_row(panel, app.user_id, &company)
                    .insert(&txn)
                    .await?;
            }
            active.status = Set(ApplicationStatus::Accepted.as_str().to_owned());
            active.waiting_position = Set(None);
            (LogAction::Accepted, "panel-email-accepted")
        }
        Decision::Decline(message) => {
            active.status = Set(ApplicationStatus::Declined.as_str().to_owned());
            active.waiting_position = Set(None);
            active.decision_message = Set(message.clone());
            (LogAction::Declined, "panel-email-declined")
        }
        Decision::Wait => {
            if status == ApplicationStatus::Waiting {
                return Err(one("decision", "panel-application-closed"));
            }
            active.status = Set(ApplicationStatus::Waiting.as_str().to_owned());
            active.waiting_position = Set(Some(store::next_waiting_position(&txn, panel).await?));
            active.offered_at = Set(None);
            (LogAction::Waitlisted, "panel-email-waitlisted")
        }
    };
    let saved = active.update(&txn).await?;
    log(
        &txn,
        panel,
        Some(actor.id),
        Some(app.user_id),
        action,
        &app.company_name,
    )
    .await?;
    let extra = match &decision {
        Decision::Decline(Some(m)) => Some(m.as_str()),
        _ => None,
    };
    mail(&txn, &person, &access.panel, mail_key, extra).await?;
    if status == ApplicationStatus::Offered && decision != Decision::Accept {
        // The offered seat is free again: the next in line gets it.
        offer_free_seats(&txn, &access.panel, Some(actor.id)).await?;
    }
    txn.commit().await?;
    Ok(saved)
}

/// Offer every seat nobody holds or has been offered to the next on the waiting list:
/// recorded on the application, logged, and emailed, in the caller's transaction.
pub async fn offer_free_seats(
    db: &impl ConnectionTrait,
    panel: &panel::Model,
    actor: Option<i32>,
) -> Result<u32, DbErr> {
    let id = PanelId(panel.id);
    let mut offered = 0;
    while seats_spoken_for(db, id).await? < panel.seat_cap as u64 {
        let Some(next) = store::first_waiting(db, id).await? else {
            break;
        };
        let user_id = next.user_id;
        let company = next.company_name.clone();
        let mut active: panel_application::ActiveModel = next.into();
        active.status = Set(ApplicationStatus::Offered.as_str().to_owned());
        active.offered_at = Set(Some(now()));
        active.update(db).await?;
        log(
            db,
            id,
            actor,
            Some(user_id),
            LogAction::SeatOffered,
            &company,
        )
        .await?;
        if let Some(person) = people_store::user_by_id(db, user_id).await? {
            mail(db, &person, panel, "panel-email-seat-offered", None).await?;
        }
        offered += 1;
    }
    Ok(offered)
}

/// Take the seat a facilitator or the waiting list offered.
#[tracing::instrument(skip_all, fields(panel = access.panel.id, user = user.id))]
pub async fn take_offered_seat(
    db: &DatabaseConnection,
    user: &CurrentUser,
    access: &PanelAccess,
) -> Result<(), PanelError> {
    let panel = access.id();
    let txn = begin_write(db).await?;
    let app = store::latest_application_of(&txn, panel, user.id)
        .await?
        .filter(|a| a.status == ApplicationStatus::Offered.as_str())
        .ok_or(PanelError::NotFound)?;
    let company = company_of(&app).ok_or(PanelError::NotFound)?;
    if store::membership(&txn, panel, user.id).await?.is_none() {
        member_row(panel, user.id, &company).insert(&txn).await?;
    }
    let mut active: panel_application::ActiveModel = app.into();
    active.status = Set(ApplicationStatus::Accepted.as_str().to_owned());
    active.waiting_position = Set(None);
    active.decided_at = Set(Some(now()));
    active.update(&txn).await?;
    log(
        &txn,
        panel,
        Some(user.id),
        Some(user.id),
        LogAction::Joined,
        &company.name,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The applicant takes back their open application (pending, on the waiting list, or
/// offered a seat): it leaves the queue or list, and they may apply again later. A seat that
/// was offered to them goes to the next on the waiting list.
#[tracing::instrument(skip_all, fields(panel = access.panel.id, user = user.id))]
pub async fn withdraw(
    db: &DatabaseConnection,
    user: &CurrentUser,
    access: &PanelAccess,
) -> Result<panel_application::Model, PanelError> {
    let panel = access.id();
    let txn = begin_write(db).await?;
    let app = store::latest_application_of(&txn, panel, user.id)
        .await?
        .ok_or(PanelError::NotFound)?;
    // Nothing open to take back (a second click, or already decided): not found.
    let status = ApplicationStatus::parse(&app.status)
        .filter(|s| s.is_open())
        .ok_or(PanelError::NotFound)?;
    let company = app.company_name.clone();
    let mut active: panel_application::ActiveModel = app.into();
    active.status = Set(ApplicationStatus::Withdrawn.as_str().to_owned());
    active.waiting_position = Set(None);
    active.offered_at = Set(None);
    active.decided_by = Set(Some(user.id));
    active.decided_at = Set(Some(now()));
    let saved = active.update(&txn).await?;
    log(
        &txn,
        panel,
        Some(user.id),
        Some(user.id),
        LogAction::Withdrew,
        &company,
    )
    .await?;
    if status == ApplicationStatus::Offered {
        offer_free_seats(&txn, &access.panel, None).await?;
    }
    txn.commit().await?;
    Ok(saved)
}

/// A member leaves the panel; their seat goes to the waiting list.
#[tracing::instrument(skip_all, fields(panel = access.panel.id, user = user.id))]
pub async fn leave(
    db: &DatabaseConnection,
    user: &CurrentUser,
    access: &PanelAccess,
) -> Result<(), PanelError> {
    let panel = access.id();
    let txn = begin_write(db).await?;
    let m = store::membership(&txn, panel, user.id)
        .await?
        .filter(|m| m.role == MemberRole::Member.as_str())
        .ok_or(PanelError::NotFound)?;
    panel_member::Entity::delete_by_id(m.id).exec(&txn).await?;
    log(
        &txn,
        panel,
        Some(user.id),
        Some(user.id),
        LogAction::Left,
        &m.company_name,
    )
    .await?;
    offer_free_seats(&txn, &access.panel, None).await?;
    txn.commit().await?;
    Ok(())
}

/// A facilitator removes a member; their seat goes to the waiting list.
#[tracing::instrument(skip_all, fields(panel = access.panel.id, user = user_id))]
pub async fn remove(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    access: &PanelAccess,
    user_id: i32,
) -> Result<(), PanelError> {
    if !access.is_facilitator() {
        return Err(PanelError::Forbidden);
    }
    let panel = access.id();
    let txn = begin_write(db).await?;
    let m = store::membership(&txn, panel, user_id)
        .await?
        .filter(|m| m.role == MemberRole::Member.as_str())
        .ok_or(PanelError::NotFound)?;
    panel_member::Entity::delete_by_id(m.id).exec(&txn).await?;
    log(
        &txn,
        panel,
        Some(actor.id),
        Some(user_id),
        LogAction::Removed,
        &m.company_name,
    )
    .await?;
    offer_free_seats(&txn, &access.panel, Some(actor.id)).await?;
    txn.commit().await?;
    Ok(())
}

/// Queue a short email about the panel to a person, in their language.
async fn mail(
    db: &impl ConnectionTrait,
    to: &user::Model,
    panel: &panel::Model,
    key: &str,
    extra: Option<&str>,
) -> Result<(), DbErr> {
    let lang = to
        .language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default();
    let t = Tr::new(lang);
    let subject = t.arg(&format!("{key}-subject"), "panel", &panel.name);
    let mut text = t.arg(&format!("{key}-body"), "panel", &panel.name);
    text.push_str(&format!("\n\n/panels/{}\n", panel.slug));
    if let Some(extra) = extra {
        text.push('\n');
        text.push_str(extra);
        text.push('\n');
    }
    email::enqueue(
        db,
        OutgoingEmail {
            to: to.email.clone(),
            subject,
            text,
            html: None,
        },
    )
    .await
}

// ----- Invitations -----

/// Invite someone by email; returns the link's secret (only its hash is stored).
#[tracing::instrument(skip_all, fields(panel = access.panel.id))]
pub async fn invite(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    access: &PanelAccess,
    raw_email: &str,
    base_url: &str,
) -> Result<String, PanelError> {
    if !access.is_facilitator() {
        return Err(PanelError::Forbidden);
    }
    let email = Email::parse(raw_email).map_err(|e| PanelError::Fields(vec![e]))?;
    let token = tokens::random_token();
    let panel = access.id();
    let txn = begin_write(db).await?;
    panel_invitation::ActiveModel {
        panel_id: Set(panel.0),
        email: Set(email.as_str().to_owned()),
        token_hash: Set(tokens::hash_token(&token)),
        invited_by: Set(actor.id),
        created_at: Set(now()),
        expires_at: Set(now() + Duration::days(INVITATION_DAYS)),
        used_at: Set(None),
        used_by: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    log(
        &txn,
        panel,
        Some(actor.id),
        None,
        LogAction::Invited,
        email.as_str(),
    )
    .await?;
    let t = Tr::new(actor.language.unwrap_or_default());
    let link = format!(
        "{}/panels/invitations/{token}",
        base_url.trim_end_matches('/')
    );
    email::enqueue(
        &txn,
        OutgoingEmail {
            to: email.as_str().to_owned(),
            subject: t.arg("panel-email-invited-subject", "panel", &access.panel.name),
            text: format!(
                "{}\n\n{link}\n",
                t.arg("panel-email-invited-body", "panel", &access.panel.name)
            ),
            html: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}

/// Accept an invitation: an account is made if needed and the company takes a seat at once
/// (if one is free). The link is then spent.
#[tracing::instrument(skip_all)]
pub async fn accept_invitation(
    db: &DatabaseConnection,
    token: &str,
    applicant: Applicant<'_>,
    company: Company,
    language: Lang,
) -> Result<(user::Model, panel::Model), PanelError> {
    let txn = begin_write(db).await?;
    let inv = store::open_invitation_by_token(&txn, token)
        .await?
        .ok_or(PanelError::NotFound)?;
    let panel_row = store::panel_by_id(&txn, PanelId(inv.panel_id))
        .await?
        .ok_or(PanelError::NotFound)?;
    let panel = PanelId(panel_row.id);
    let person = match &applicant {
        Applicant::Existing(u) => people_store::user_by_id(&txn, u.id)
            .await?
            .ok_or(PanelError::NotFound)?,
        Applicant::New(account) => insert_account(&txn, account, language).await?,
    };
    if store::membership(&txn, panel, person.id).await?.is_some() {
        return Err(one("company_name", "panel-already-member"));
    }
    if seats_spoken_for(&txn, panel).await? >= panel_row.seat_cap as u64 {
        return Err(one("company_name", "panel-seats-full"));
    }
    member_row(panel, person.id, &company).insert(&txn).await?;
    let mut active: panel_invitation::ActiveModel = inv.clone().into();
    active.used_at = Set(Some(now()));
    active.used_by = Set(Some(person.id));
    active.update(&txn).await?;
    log(
        &txn,
        panel,
        Some(person.id),
        Some(person.id),
        LogAction::JoinedByInvitation,
        &company.name,
    )
    .await?;
    txn.commit().await?;
    Ok((person, panel_row))
}

// ----- Discussion -----

/// Start a topic: a published post that belongs to the panel only, written by the blog.
#[tracing::instrument(skip_all, fields(panel = access.panel.id, author = author.id))]
#[allow(clippy::too_many_arguments)]
pub async fn create_topic(
    db: &DatabaseConnection,
    author: &CurrentUser,
    access: &PanelAccess,
    title: crate::blog::model::PostTitle,
    body_md: String,
    html: markdown::SafeHtml,
    language: Lang,
    rate: WriteRate,
) -> Result<post::Model, PanelError> {
    access.require_member().map_err(|_| PanelError::Forbidden)?;
    let txn = begin_write(db).await?;
    write_rate::admit(&txn, rate, author.id, Contribution::Topic).await?;
    let base = format!(
        "panel-{}-{}",
        access.panel.id,
        crate::blog::model::slugify(title.as_str())
    );
    let topic = blog_service::NewTopic {
        title,
        body_md,
        html,
        language,
        author_id: author.id,
        organization_id: access.panel.organization_id,
    };
    let saved = blog_service::insert_topic(&txn, &base, topic).await?;
    store::insert_topic_link(&txn, access.id(), saved.id, None).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Pin a topic to the top of the discussion, or unpin it (facilitators).
pub async fn set_pinned(
    db: &DatabaseConnection,
    access: &PanelAccess,
    post_id: i32,
    pinned: bool,
) -> Result<(), PanelError> {
    if !access.is_facilitator() {
        return Err(PanelError::Forbidden);
    }
    let (_, link) = store::topic(db, access.id(), post_id)
        .await?
        .ok_or(PanelError::NotFound)?;
    let mut active: panel_topic::ActiveModel = link.into();
    active.pinned_at = Set(pinned.then(now));
    active.update(db).await?;
    Ok(())
}

/// The discussion of a topic of this panel, with the actor's standing there; `NotFound` for
/// a post that is no topic of the panel. Someone who takes no part learns nothing more: the
/// comments service refuses them.
async fn discussion(
    db: &impl ConnectionTrait,
    access: &PanelAccess,
    post_id: i32,
) -> Result<Discussion, PanelError> {
    let d = Discussion {
        post_id,
        standing: access.standing(),
    };
    if d.standing != Standing::Outsider {
        store::topic(db, access.id(), post_id)
            .await?
            .ok_or(PanelError::NotFound)?;
    }
    Ok(d)
}

/// Reply in a topic: the comments service writes it (threading, Markdown, moderation).
pub async fn reply(
    db: &DatabaseConnection,
    author: &CurrentUser,
    access: &PanelAccess,
    post_id: i32,
    new: NewComment,
    rate: WriteRate,
) -> Result<crate::entities::comment::Model, PanelError> {
    let d = discussion(db, access, post_id).await?;
    Ok(comment_service::create(db, author, CommentTarget::Discussion(d), new, rate).await?)
}

/// Hide a reply from everyone but facilitators, or show it again (facilitators moderate
/// their panel's discussion).
pub async fn moderate_reply(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    access: &PanelAccess,
    post_id: i32,
    comment_id: i32,
    hidden: bool,
) -> Result<(), PanelError> {
    let d = discussion(db, access, post_id).await?;
    comment_service::moderate_reply(db, actor, d, CommentId(comment_id), hidden).await?;
    Ok(())
}

/// A reply its author may edit now, for the edit form. Only the panel's members and
/// facilitators change replies there; the rules on whose comment and when are the comments
/// service's.
pub async fn editable_reply(
    db: &DatabaseConnection,
    author: &CurrentUser,
    access: &PanelAccess,
    post_id: i32,
    comment_id: i32,
) -> Result<crate::entities::comment::Model, PanelError> {
    let d = discussion(db, access, post_id).await?;
    Ok(comment_service::editable_reply(db, author, d, CommentId(comment_id)).await?)
}

/// Replace the text of one's own reply; it then shows as edited.
pub async fn edit_reply(
    db: &DatabaseConnection,
    author: &CurrentUser,
    access: &PanelAccess,
    post_id: i32,
    comment_id: i32,
    body: CommentBody,
) -> Result<crate::entities::comment::Model, PanelError> {
    let d = discussion(db, access, post_id).await?;
    Ok(comment_service::edit_reply(db, author, d, CommentId(comment_id), body).await?)
}

/// Remove one's own reply (hidden or not): its text is erased for good, as on the blog.
pub async fn remove_reply(
    db: &DatabaseConnection,
    author: &CurrentUser,
    access: &PanelAccess,
    post_id: i32,
    comment_id: i32,
) -> Result<crate::entities::comment::Model, PanelError> {
    let d = discussion(db, access, post_id).await?;
    Ok(comment_service::remove_reply(db, author, d, CommentId(comment_id)).await?)
}

/// A topic its author may edit: they started it and are still in the panel (as on the blog,
/// where writers edit their own posts).
pub async fn own_topic(
    db: &impl ConnectionTrait,
    author: &CurrentUser,
    access: &PanelAccess,
    post_id: i32,
) -> Result<post::Model, PanelError> {
    access.require_member().map_err(|_| PanelError::Forbidden)?;
    let (topic, _) = store::topic(db, access.id(), post_id)
        .await?
        .ok_or(PanelError::NotFound)?;
    if topic.author_id != author.id {
        return Err(PanelError::Forbidden);
    }
    Ok(topic)
}

/// Edit one's own topic: the blog keeps the previous title and body as a revision, and the
/// topic shows as edited.
#[tracing::instrument(skip_all, fields(panel = access.panel.id, post = post_id))]
pub async fn edit_topic(
    db: &DatabaseConnection,
    author: &CurrentUser,
    access: &PanelAccess,
    post_id: i32,
    title: crate::blog::model::PostTitle,
    body_md: String,
    html: markdown::SafeHtml,
) -> Result<post::Model, PanelError> {
    let txn = begin_write(db).await?;
    let existing = own_topic(&txn, author, access, post_id).await?;
    let saved = blog_service::revise_topic(&txn, existing, author.id, title, body_md, html).await?;
    txn.commit().await?;
    Ok(saved)
}
