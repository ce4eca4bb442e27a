//! Membership use cases: applying or joining, the waiting list and offered seats,
//! facilitators' decisions, leaving and removal. Every change is logged in `panel_log` and
//! any email goes to the outbox, in the same transaction; the sender is woken after commit.
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
};

use crate::panels::rules::service as rules;
use crate::panels::{
    access::PanelAccess,
    model::{
        ApplicationStatus, BusinessId, CompanyStage, Industry, LogAction, MemberRole, PanelId,
        PanelVisibility, Region, short_text,
    },
    service::{PanelError, log, one},
    store,
};
use crate::{
    auth::{CurrentUser, Role, password, password::Password},
    db::{begin_write, now},
    email::{self, OutgoingEmail},
    entities::{panel, panel_application, panel_member, user},
    error::{AppError, FieldError},
    i18n::{Lang, Tr},
    people::model::{DisplayName, Email},
    people::store as people_store,
    web::forms::collect,
};

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

/// The company a person gave in their latest application to any panel, to fill in their
/// next one: what someone already told us is not asked again (WCAG 3.3.7). Empty for someone
/// who never applied.
pub async fn known_company(
    db: &impl ConnectionTrait,
    person: &CurrentUser,
) -> Result<CompanyInput, DbErr> {
    Ok(store::latest_application_by(db, person.id)
        .await?
        .map(|a| CompanyInput {
            company_name: a.company_name,
            business_id: a.business_id,
            industry: a.industry,
            region: a.region,
            stage: a.stage,
            role_in_company: a.role_in_company,
        })
        .unwrap_or_default())
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
            args: Vec::new(),
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
    /// Whether the applicant ticked "I accept the panel's rules" (needed when it has rules).
    pub accepts_rules: bool,
}

/// The join form's own fields.
pub fn check_application(
    company: &CompanyInput,
    message: &str,
    consent: bool,
    accepts_rules: bool,
    errors: &mut Vec<FieldError>,
) -> Option<Application> {
    let company = check_company(company, errors);
    let message = collect(errors, short_text_multiline(message, "message", 4000));
    if !consent {
        errors.push(FieldError {
            field: "consent".into(),
            message_key: "panel-consent-required",
            args: Vec::new(),
        });
    }
    Some(Application {
        company: company?,
        message: message?,
        accepts_rules,
    })
    .filter(|_| consent)
}

fn short_text_multiline(raw: &str, field: &'static str, max: usize) -> Result<String, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError {
            field: field.into(),
            message_key: "field-required",
            args: Vec::new(),
        });
    }
    if s.chars().count() > max {
        return Err(FieldError {
            field: field.into(),
            message_key: "panel-text-too-long",
            args: Vec::new(),
        });
    }
    Ok(s.to_owned())
}

/// Create a panel-member account (role `panelist`, no organisation).
pub(crate) async fn insert_account(
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
        // As before open registration: a panel account needs no confirmation link.
        email_confirmed_at: Set(Some(now())),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

pub(crate) fn member_row(
    panel: PanelId,
    user_id: i32,
    company: &Company,
) -> panel_member::ActiveModel {
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

pub(crate) fn company_of(app: &panel_application::Model) -> Option<Company> {
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
pub(crate) async fn seats_spoken_for(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<u64, DbErr> {
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
        && prev
            .application_status()
            .is_some_and(ApplicationStatus::is_open)
    {
        return Err(one("company_name", "panel-already-applied"));
    }
    let rules_version = rules::version_to_accept(&txn, panel, application.accepts_rules).await?;
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
    rules::record_joining(&txn, panel, person.id, rules_version).await?;
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

impl Decision {
    /// A decision as both doors send it (the page's form and the API's JSON): `accept`,
    /// `decline` with an optional message, or `wait`.
    pub fn parse(decision: &str, message: &str) -> Result<Decision, AppError> {
        match decision {
            "accept" => Ok(Decision::Accept),
            "decline" => {
                let m = message.trim();
                if m.chars().count() > 4000 {
                    return Err(AppError::Validation(vec![FieldError {
                        field: "message".into(),
                        message_key: "panel-text-too-long",
                        args: Vec::new(),
                    }]));
                }
                Ok(Decision::Decline((!m.is_empty()).then(|| m.to_owned())))
            }
            "wait" => Ok(Decision::Wait),
            _ => Err(AppError::BadRequest("panel-decision-invalid")),
        }
    }
}

/// Decide on an open application. Accepting when every seat is taken is refused with a
/// message suggesting the waiting list.
#[tracing::instrument(skip_all, fields(panel = access.panel.id, application = application_id))]
pub async fn decide(
    db: &DatabaseConnection,
    mailer: &crate::email::Mailer,
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
    let status = app
        .application_status()
        .unwrap_or(ApplicationStatus::Declined);
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
    mailer.wake();
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
    mailer: &crate::email::Mailer,
    user: &CurrentUser,
    access: &PanelAccess,
) -> Result<panel_application::Model, PanelError> {
    let panel = access.id();
    let txn = begin_write(db).await?;
    let app = store::latest_application_of(&txn, panel, user.id)
        .await?
        .ok_or(PanelError::NotFound)?;
    // Nothing open to take back (a second click, or already decided): not found.
    let status = app
        .application_status()
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
    mailer.wake();
    Ok(saved)
}

/// A member leaves the panel; their seat goes to the waiting list.
#[tracing::instrument(skip_all, fields(panel = access.panel.id, user = user.id))]
pub async fn leave(
    db: &DatabaseConnection,
    mailer: &crate::email::Mailer,
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
    mailer.wake();
    Ok(())
}

/// A facilitator removes a member; their seat goes to the waiting list.
#[tracing::instrument(skip_all, fields(panel = access.panel.id, user = user_id))]
pub async fn remove(
    db: &DatabaseConnection,
    mailer: &crate::email::Mailer,
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
    mailer.wake();
    Ok(())
}

/// Queue a short email about the panel to a person, in their language.
pub(crate) async fn mail(
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
