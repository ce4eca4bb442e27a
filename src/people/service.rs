//! Use cases for people and organisations: creating them, invitations, personal settings,
//! API tokens, and what admins may change.
use askama::Template;
use chrono::Duration;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection};

use super::{
    model::{DisplayName, Email, OrgName, ShortName},
    store,
};
use crate::{
    auth::{
        Role,
        password::{self, Password},
        permissions::{self, Actor},
        tokens,
    },
    db::{begin_write, now},
    email::{self, Mailer, OutgoingEmail},
    entities::{api_token, invitation, organization, user},
    error::{AppError, FieldError},
    i18n::{FluentArg, Lang, Tr},
};

/// Invitation links last this long.
pub const INVITATION_DAYS: i64 = 7;

/// Why a change to people or organisations was not made.
#[derive(Debug, thiserror::Error)]
pub enum PeopleError {
    #[error("{}", .0.message_key)]
    Field(FieldError),
    /// The person asking may not do this.
    #[error("forbidden")]
    Forbidden,
    /// No such person, organisation or token (or not one of yours).
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<PeopleError> for AppError {
    fn from(e: PeopleError) -> Self {
        match e {
            PeopleError::Field(f) => AppError::Validation(vec![f]),
            PeopleError::Forbidden => AppError::Forbidden,
            PeopleError::NotFound => AppError::NotFound,
            PeopleError::Db(e) => e.into(),
            PeopleError::Other(e) => AppError::Internal(e),
        }
    }
}

fn field(field: &'static str, message_key: &'static str) -> PeopleError {
    PeopleError::Field(FieldError {
        field: field.into(),
        message_key,
    })
}

// ---------------------------------------------------------------------------------------------
// Organisations

pub async fn create_organization(
    db: &impl ConnectionTrait,
    name: OrgName,
    short: ShortName,
    description: &str,
) -> Result<organization::Model, PeopleError> {
    if store::organization_by_short(db, short.as_str())
        .await?
        .is_some()
    {
        return Err(field("short_name", "short-name-taken"));
    }
    Ok(organization::ActiveModel {
        name: Set(name.as_str().to_owned()),
        short_name: Set(short.as_str().to_owned()),
        description: Set(description.to_owned()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Every organisation, by name.
pub async fn organizations(
    db: &impl ConnectionTrait,
) -> Result<Vec<organization::Model>, sea_orm::DbErr> {
    store::all_organizations(db).await
}

/// An admin adds an organisation.
#[tracing::instrument(skip(db, name, description))]
pub async fn add_organization(
    db: &DatabaseConnection,
    actor: Actor,
    name: OrgName,
    short: ShortName,
    description: &str,
) -> Result<organization::Model, PeopleError> {
    if !permissions::can_manage_people(Some(actor)) {
        return Err(PeopleError::Forbidden);
    }
    let txn = begin_write(db).await?;
    let org = create_organization(&txn, name, short, description).await?;
    txn.commit().await?;
    Ok(org)
}

/// Rename an organisation or change its description (its short name, the URL, stays).
#[tracing::instrument(skip(db, name, description))]
pub async fn update_organization(
    db: &DatabaseConnection,
    actor: Actor,
    short: &str,
    name: OrgName,
    description: &str,
) -> Result<organization::Model, PeopleError> {
    if !permissions::can_manage_people(Some(actor)) {
        return Err(PeopleError::Forbidden);
    }
    let txn = begin_write(db).await?;
    let org = store::organization_by_short(&txn, short)
        .await?
        .ok_or(PeopleError::NotFound)?;
    let renamed = org.name != name.as_str();
    let saved = organization::ActiveModel {
        id: Set(org.id),
        name: Set(name.as_str().to_owned()),
        description: Set(description.to_owned()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    if renamed {
        // Bylines are searchable: the organisation's content is indexed again.
        crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Organization(org.id))
            .await?;
    }
    txn.commit().await?;
    Ok(saved)
}

// ---------------------------------------------------------------------------------------------
// People

/// A person to create, already checked.
pub struct NewUser {
    pub email: Email,
    pub display_name: DisplayName,
    pub org_short: ShortName,
    pub role: Role,
    pub job_title: String,
    pub password: Password,
}

pub async fn create_user(
    db: &impl ConnectionTrait,
    new: NewUser,
) -> Result<user::Model, PeopleError> {
    let org = store::organization_by_short(db, new.org_short.as_str())
        .await?
        .ok_or_else(|| field("org", "organization-unknown"))?;
    insert_user(
        db,
        NewRow {
            email: &new.email,
            name: &new.display_name,
            org_id: org.id,
            role: new.role,
            job_title: &new.job_title,
            password: &new.password,
            language: None,
        },
    )
    .await
}

/// The columns of a new `users` row.
struct NewRow<'a> {
    email: &'a Email,
    name: &'a DisplayName,
    org_id: i32,
    role: Role,
    job_title: &'a str,
    password: &'a Password,
    language: Option<Lang>,
}

async fn insert_user(
    db: &impl ConnectionTrait,
    new: NewRow<'_>,
) -> Result<user::Model, PeopleError> {
    if store::user_by_email(db, new.email.as_str())
        .await?
        .is_some()
    {
        return Err(field("email", "email-taken"));
    }
    let hash = password::hash(new.password).await?;
    Ok(user::ActiveModel {
        email: Set(new.email.as_str().to_owned()),
        display_name: Set(new.name.as_str().to_owned()),
        organization_id: Set(Some(new.org_id)),
        job_title: Set(new.job_title.to_owned()),
        language: Set(new.language.map(|l| l.code().to_owned())),
        role: Set(new.role.as_str().to_owned()),
        password_hash: Set(hash),
        active: Set(true),
        created_at: Set(now()),
        deactivated_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// What the settings page shows: the person and their working API tokens.
pub struct OwnSettings {
    pub person: user::Model,
    pub tokens: Vec<api_token::Model>,
}

pub async fn own_settings(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<OwnSettings, PeopleError> {
    let person = store::user_by_id(db, user_id)
        .await?
        .ok_or(PeopleError::NotFound)?;
    let tokens = store::active_tokens_of(db, user_id).await?;
    Ok(OwnSettings { person, tokens })
}

/// What a person may change about themselves on the settings page.
pub struct Profile {
    pub display_name: DisplayName,
    pub job_title: String,
    pub language: Lang,
}

#[tracing::instrument(skip(db, profile))]
pub async fn update_profile(
    db: &DatabaseConnection,
    user_id: i32,
    profile: Profile,
) -> Result<(), PeopleError> {
    let txn = begin_write(db).await?;
    let renamed = store::user_by_id(&txn, user_id)
        .await?
        .is_some_and(|u| u.display_name != profile.display_name.as_str());
    user::ActiveModel {
        id: Set(user_id),
        display_name: Set(profile.display_name.as_str().to_owned()),
        job_title: Set(profile.job_title),
        language: Set(Some(profile.language.code().to_owned())),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    if renamed {
        // Bylines are searchable: the person's posts and comments are indexed again.
        crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Person(user_id))
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Change a password after checking the current one; ends the person's other sessions.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn change_password(
    db: &DatabaseConnection,
    user_id: i32,
    current: &str,
    new: Password,
    keep_session: Option<&tower_sessions::session::Id>,
) -> Result<(), PeopleError> {
    let user = store::user_by_id(db, user_id)
        .await?
        .ok_or_else(|| field("current_password", "password-wrong"))?;
    if !password::verify(current, &user.password_hash).await {
        return Err(field("current_password", "password-wrong"));
    }
    let hash = password::hash(&new).await?;
    let txn = begin_write(db).await?;
    user::ActiveModel {
        id: Set(user_id),
        password_hash: Set(hash),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    crate::auth::session_store::end_sessions_of(&txn, user_id, keep_session).await?;
    txn.commit().await?;
    Ok(())
}

/// Deactivate or reactivate a person. A deactivated person's sessions end and their tokens
/// stop working at once; what they wrote stays.
pub async fn set_active(
    db: &DatabaseConnection,
    user_id: i32,
    active: bool,
) -> Result<(), PeopleError> {
    let txn = begin_write(db).await?;
    set_active_in(&txn, user_id, active).await?;
    txn.commit().await?;
    Ok(())
}

async fn set_active_in(
    db: &impl ConnectionTrait,
    user_id: i32,
    active: bool,
) -> Result<(), PeopleError> {
    user::ActiveModel {
        id: Set(user_id),
        active: Set(active),
        deactivated_at: Set((!active).then(now)),
        ..Default::default()
    }
    .update(db)
    .await?;
    if !active {
        crate::auth::session_store::end_sessions_of(db, user_id, None).await?;
    }
    Ok(())
}

/// What an admin changes about someone; `None` leaves it as it is.
#[derive(Clone, Copy, Debug, Default)]
pub struct PersonChange {
    pub role: Option<Role>,
    pub active: Option<bool>,
}

/// An admin changes a person's role or (de)activates them. Admins cannot demote or
/// deactivate themselves, so the network always keeps an admin.
#[tracing::instrument(skip(db))]
pub async fn change_person(
    db: &DatabaseConnection,
    actor: Actor,
    target_id: i32,
    change: PersonChange,
) -> Result<user::Model, PeopleError> {
    if !permissions::can_manage_people(Some(actor)) {
        return Err(PeopleError::Forbidden);
    }
    if target_id == actor.id {
        if change.active == Some(false) {
            return Err(field("people", "person-cannot-deactivate-self"));
        }
        if change.role.is_some_and(|r| r != actor.role) {
            return Err(field("people", "person-cannot-demote-self"));
        }
    }
    let txn = begin_write(db).await?;
    let target = store::user_by_id(&txn, target_id)
        .await?
        .ok_or(PeopleError::NotFound)?;
    if let Some(role) = change.role {
        user::ActiveModel {
            id: Set(target.id),
            role: Set(role.as_str().to_owned()),
            ..Default::default()
        }
        .update(&txn)
        .await?;
    }
    if let Some(active) = change.active.filter(|&a| a != target.active) {
        set_active_in(&txn, target.id, active).await?;
    }
    let updated = store::user_by_id(&txn, target.id)
        .await?
        .ok_or(PeopleError::NotFound)?;
    txn.commit().await?;
    Ok(updated)
}

/// One row of the people list: the person and their organisation's name.
pub struct PersonRow {
    pub person: user::Model,
    pub organization: Option<organization::Model>,
    pub role: Option<Role>,
}

/// One open invitation for the people list.
pub struct InvitationRow {
    pub invitation: invitation::Model,
    pub organization: Option<organization::Model>,
    pub role: Option<Role>,
}

/// Everything the people page lists.
pub struct PeopleOverview {
    pub people: Vec<PersonRow>,
    pub invitations: Vec<InvitationRow>,
    pub organizations: Vec<organization::Model>,
}

pub async fn people_overview(db: &impl ConnectionTrait) -> Result<PeopleOverview, sea_orm::DbErr> {
    let organizations = store::all_organizations(db).await?;
    let org = |id: Option<i32>| organizations.iter().find(|o| Some(o.id) == id).cloned();
    let people = store::all_people(db)
        .await?
        .into_iter()
        .map(|person| PersonRow {
            organization: org(person.organization_id),
            role: Role::parse(&person.role),
            person,
        })
        .collect();
    let invitations = store::open_invitations(db)
        .await?
        .into_iter()
        .map(|invitation| InvitationRow {
            organization: org(Some(invitation.organization_id)),
            role: Role::parse(&invitation.role),
            invitation,
        })
        .collect();
    Ok(PeopleOverview {
        people,
        invitations,
        organizations,
    })
}

// ---------------------------------------------------------------------------------------------
// API tokens

/// Make a personal API token for a person; returns the token, which is never stored.
pub async fn create_api_token(
    db: &impl ConnectionTrait,
    user_id: i32,
    name: &str,
) -> Result<String, PeopleError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(field("name", "field-required"));
    }
    if name.chars().count() > 100 {
        return Err(field("name", "field-too-long"));
    }
    let token = tokens::new_api_token();
    api_token::ActiveModel {
        user_id: Set(user_id),
        name: Set(name.to_owned()),
        token_hash: Set(tokens::hash_token(&token)),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

pub async fn create_api_token_for_email(
    db: &impl ConnectionTrait,
    email: &Email,
    name: &str,
) -> Result<String, PeopleError> {
    let user = store::user_by_email(db, email.as_str())
        .await?
        .filter(|u| u.active)
        .ok_or_else(|| field("email", "email-unknown"))?;
    create_api_token(db, user.id, name).await
}

/// The active person a bearer token belongs to, marking the token used.
pub async fn user_for_api_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<user::Model>, sea_orm::DbErr> {
    let Some(row) = store::active_token_by_hash(db, &tokens::hash_token(token)).await? else {
        return Ok(None);
    };
    let user = store::user_by_id(db, row.user_id)
        .await?
        .filter(|u| u.active);
    // Remember when a token was last used, but write at most once a minute per token.
    let stale = row
        .last_used_at
        .is_none_or(|t| t < now() - Duration::minutes(1));
    if user.is_some() && stale {
        api_token::ActiveModel {
            id: Set(row.id),
            last_used_at: Set(Some(now())),
            ..Default::default()
        }
        .update(db)
        .await?;
    }
    Ok(user)
}

/// Revoke one of your own tokens; anyone else's (or an unknown one) is not found.
#[tracing::instrument(skip(db))]
pub async fn revoke_api_token(
    db: &impl ConnectionTrait,
    user_id: i32,
    token_id: i32,
) -> Result<(), PeopleError> {
    if store::revoke_token_of(db, user_id, token_id).await? {
        Ok(())
    } else {
        Err(PeopleError::NotFound)
    }
}

// ---------------------------------------------------------------------------------------------
// Invitations

/// Who is inviting whom, to which organisation and with which role.
pub struct NewInvitation {
    pub inviter: Actor,
    pub inviter_name: String,
    pub email: Email,
    pub organization_id: i32,
    pub role: Role,
}

/// How to word and address the invitation email.
pub struct Letter<'a> {
    /// The inviter's language.
    pub t: Tr,
    pub network_name: &'a str,
    /// The site's public address, without a trailing slash.
    pub base_url: &'a str,
}

/// An invitation just made: the link to pass on, or that was emailed.
pub struct InvitationMade {
    pub token: String,
    pub email: Email,
    pub link: String,
    /// Whether the link went out by email (SMTP configured) or must be passed on by hand.
    pub emailed: bool,
}

/// Invite a person by a single-use link valid for seven days. With SMTP configured, the link
/// is emailed: the email is queued in the same transaction as the invitation.
#[tracing::instrument(skip_all, fields(inviter = new.inviter.id, role = new.role.as_str()))]
pub async fn invite(
    db: &DatabaseConnection,
    mailer: &Mailer,
    new: NewInvitation,
    letter: Letter<'_>,
) -> Result<InvitationMade, PeopleError> {
    if !permissions::can_invite(Some(new.inviter))
        || !permissions::can_grant_role(Some(new.inviter), new.role)
    {
        return Err(PeopleError::Forbidden);
    }
    let emailed = mailer.smtp_configured();
    let txn = begin_write(db).await?;
    let org = store::organization_by_id(&txn, new.organization_id)
        .await?
        .ok_or_else(|| field("organization", "organization-unknown"))?;
    let token = create_invitation(&txn, new.inviter.id, &new.email, org.id, new.role).await?;
    let link = format!(
        "{}/invitations/{token}",
        letter.base_url.trim_end_matches('/')
    );
    if emailed {
        let mail = invitation_email(&letter, &new, &org, &link)?;
        email::enqueue(&txn, mail).await?;
    }
    txn.commit().await?;
    if emailed {
        mailer.wake();
    }
    Ok(InvitationMade {
        token,
        email: new.email,
        link,
        emailed,
    })
}

/// Write an invitation row inside the caller's transaction; returns the link token, of
/// which only a hash is stored.
pub async fn create_invitation(
    db: &impl ConnectionTrait,
    inviter_id: i32,
    email: &Email,
    org_id: i32,
    role: Role,
) -> Result<String, PeopleError> {
    if store::user_by_email(db, email.as_str()).await?.is_some() {
        return Err(field("email", "email-taken"));
    }
    let token = tokens::random_token();
    invitation::ActiveModel {
        token_hash: Set(tokens::hash_token(&token)),
        email: Set(email.as_str().to_owned()),
        organization_id: Set(org_id),
        role: Set(role.as_str().to_owned()),
        invited_by: Set(inviter_id),
        created_at: Set(now()),
        expires_at: Set(now() + Duration::days(INVITATION_DAYS)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

#[derive(Template)]
#[template(path = "people/invitation_email.html")]
struct InvitationEmailHtml<'a> {
    lang: &'a str,
    paragraphs: &'a [String],
    action: &'a str,
    link: &'a str,
    closing: &'a [String],
}

fn invitation_email(
    letter: &Letter<'_>,
    new: &NewInvitation,
    org: &organization::Model,
    link: &str,
) -> Result<OutgoingEmail, PeopleError> {
    let t = letter.t;
    let paragraphs = vec![
        t.args(
            "invitation-email-intro",
            &[
                ("inviter", FluentArg::Str(new.inviter_name.clone())),
                ("network", FluentArg::Str(letter.network_name.to_owned())),
            ],
        ),
        format!(
            "{}\n{}",
            t.arg("invitation-email-organization", "organization", &org.name),
            t.arg("invitation-email-role", "role", t.get(new.role.label_key())),
        ),
    ];
    let action = t.get("invitation-email-action");
    let closing = vec![
        t.count("invitation-email-expiry", INVITATION_DAYS),
        t.get("invitation-email-ignore"),
    ];
    let text = format!(
        "{}\n\n{action}\n{link}\n\n{}\n",
        paragraphs.join("\n\n"),
        closing.join("\n\n")
    );
    let html = InvitationEmailHtml {
        lang: t.lang.code(),
        paragraphs: &paragraphs,
        action: &action,
        link,
        closing: &closing,
    }
    .render()
    .map_err(|e| anyhow::anyhow!("invitation email: {e}"))?;
    Ok(OutgoingEmail {
        to: new.email.as_str().to_owned(),
        subject: t.arg("invitation-email-subject", "network", letter.network_name),
        text,
        html: Some(html),
    })
}

/// An open invitation by its token: unused and not expired.
pub async fn open_invitation(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<invitation::Model>, sea_orm::DbErr> {
    store::open_invitation_by_token(db, token).await
}

/// What the invitation page shows about an open invitation.
pub struct InvitationView {
    pub email: String,
    pub organization: organization::Model,
    pub role: Role,
}

/// An open invitation with its organisation, if the link still works (unused, unexpired,
/// and nobody has taken the address since).
pub async fn invitation_view(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<InvitationView>, sea_orm::DbErr> {
    let Some(inv) = store::open_invitation_by_token(db, token).await? else {
        return Ok(None);
    };
    if store::user_by_email(db, &inv.email).await?.is_some() {
        return Ok(None);
    }
    let Some(organization) = store::organization_by_id(db, inv.organization_id).await? else {
        return Ok(None);
    };
    Ok(Some(InvitationView {
        email: inv.email,
        organization,
        role: Role::parse(&inv.role).unwrap_or(Role::Member),
    }))
}

/// Accept an invitation: create the person and use the link up, in one transaction.
/// A link that no longer works is `NotFound`.
#[tracing::instrument(skip_all)]
pub async fn accept_invitation(
    db: &DatabaseConnection,
    token: &str,
    name: DisplayName,
    job_title: String,
    password: Password,
    language: Option<String>,
) -> Result<user::Model, PeopleError> {
    let txn = begin_write(db).await?;
    let inv = store::open_invitation_by_token(&txn, token)
        .await?
        .ok_or(PeopleError::NotFound)?;
    let role = Role::parse(&inv.role).unwrap_or(Role::Member);
    let email = Email::parse(&inv.email).map_err(PeopleError::Field)?;
    let user = match insert_user(
        &txn,
        NewRow {
            email: &email,
            name: &name,
            org_id: inv.organization_id,
            role,
            job_title: &job_title,
            password: &password,
            language: language.as_deref().and_then(Lang::parse),
        },
    )
    .await
    {
        // Someone has the address by now (an earlier invitation was accepted): the link is spent.
        Err(PeopleError::Field(e)) if e.field == "email" => {
            return Err(PeopleError::NotFound);
        }
        other => other?,
    };
    if !store::use_invitation(&txn, inv.id, user.id).await? {
        return Err(PeopleError::NotFound);
    }
    txn.commit().await?;
    Ok(user)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use sea_orm::{EntityTrait, PaginatorTrait};

    use super::*;
    use crate::{config::Settings, entities::email_outbox};

    /// A migrated database in a temporary folder, with one organisation and an admin.
    struct World {
        db: DatabaseConnection,
        settings: Arc<Settings>,
        org: organization::Model,
        admin: Actor,
        _dir: tempfile::TempDir,
    }

    async fn world() -> World {
        let dir = tempfile::tempdir().unwrap();
        let settings = Arc::new(Settings {
            data_dir: dir.path().to_owned(),
            ..Default::default()
        });
        let db = crate::db::connect(&settings).await.unwrap();
        crate::db::migrate(&db).await.unwrap();
        let org = create_organization(
            &db,
            OrgName::parse("Verohallinto").unwrap(),
            ShortName::parse("vero").unwrap(),
            "",
        )
        .await
        .unwrap();
        let admin = person(&db, "admin@vero.fi", Role::Admin).await;
        World {
            db,
            settings,
            org,
            admin,
            _dir: dir,
        }
    }

    async fn person(db: &DatabaseConnection, email: &str, role: Role) -> Actor {
        let row = create_user(
            db,
            NewUser {
                email: Email::parse(email).unwrap(),
                display_name: DisplayName::parse("Maija Meikäläinen").unwrap(),
                org_short: ShortName::parse("vero").unwrap(),
                role,
                job_title: String::new(),
                password: Password::parse("pitkä salasana joka kelpaa").unwrap(),
            },
        )
        .await
        .unwrap();
        Actor { id: row.id, role }
    }

    impl World {
        fn mailer(&self, smtp: bool) -> Mailer {
            let mut settings = (*self.settings).clone();
            if smtp {
                settings.smtp_url = Some(crate::config::Secret::new("smtp://localhost:2525"));
            }
            Mailer::new(self.db.clone(), Arc::new(settings))
        }

        async fn invite(
            &self,
            inviter: Actor,
            email: &str,
            role: Role,
            smtp: bool,
        ) -> Result<InvitationMade, PeopleError> {
            invite(
                &self.db,
                &self.mailer(smtp),
                NewInvitation {
                    inviter,
                    inviter_name: "Ville <Ylläpitäjä>".to_owned(),
                    email: Email::parse(email).unwrap(),
                    organization_id: self.org.id,
                    role,
                },
                Letter {
                    t: Tr::new(Lang::Fi),
                    network_name: "Kehittäjäverkosto",
                    base_url: "https://lupa.example.fi/",
                },
            )
            .await
        }

        async fn accept(&self, token: &str) -> Result<user::Model, PeopleError> {
            accept_invitation(
                &self.db,
                token,
                DisplayName::parse("Uusi Ihminen").unwrap(),
                "Kehittäjä".to_owned(),
                Password::parse("toinen pitkä salasana").unwrap(),
                Some("sv".to_owned()),
            )
            .await
        }
    }

    #[tokio::test]
    async fn an_invitation_link_works_once_and_gives_the_invited_role() {
        let w = world().await;
        let made = w
            .invite(w.admin, "Uusi@Vero.fi", Role::Writer, false)
            .await
            .unwrap();
        assert!(!made.emailed);
        assert_eq!(
            made.link,
            format!("https://lupa.example.fi/invitations/{}", made.token)
        );
        assert_eq!(email_outbox::Entity::find().count(&w.db).await.unwrap(), 0);
        let view = invitation_view(&w.db, &made.token).await.unwrap().unwrap();
        assert_eq!(view.email, "uusi@vero.fi");
        assert_eq!(view.organization.id, w.org.id);

        let person = w.accept(&made.token).await.unwrap();
        assert_eq!(person.role, "writer");
        assert_eq!(person.language.as_deref(), Some("sv"));
        assert_eq!(person.organization_id, Some(w.org.id));

        assert!(invitation_view(&w.db, &made.token).await.unwrap().is_none());
        assert!(matches!(
            w.accept(&made.token).await,
            Err(PeopleError::NotFound)
        ));
    }

    #[tokio::test]
    async fn an_expired_invitation_is_refused() {
        let w = world().await;
        let made = w
            .invite(w.admin, "myohassa@vero.fi", Role::Member, false)
            .await
            .unwrap();
        let inv = open_invitation(&w.db, &made.token).await.unwrap().unwrap();
        invitation::ActiveModel {
            id: Set(inv.id),
            expires_at: Set(now() - Duration::minutes(1)),
            ..Default::default()
        }
        .update(&w.db)
        .await
        .unwrap();
        assert!(invitation_view(&w.db, &made.token).await.unwrap().is_none());
        assert!(matches!(
            w.accept(&made.token).await,
            Err(PeopleError::NotFound)
        ));
        assert!(matches!(
            w.accept("not-a-token").await,
            Err(PeopleError::NotFound)
        ));
    }

    #[tokio::test]
    async fn with_smtp_the_invitation_email_is_queued_with_the_invitation() {
        let w = world().await;
        let made = w
            .invite(w.admin, "posti@vero.fi", Role::Member, true)
            .await
            .unwrap();
        assert!(made.emailed);
        let mails = email_outbox::Entity::find().all(&w.db).await.unwrap();
        assert_eq!(mails.len(), 1);
        let mail = &mails[0];
        assert_eq!(mail.to_address, "posti@vero.fi");
        assert_eq!(mail.subject, "Kutsu verkostoon Kehittäjäverkosto");
        assert!(mail.body_text.contains(&made.link), "{}", mail.body_text);
        assert!(mail.body_text.contains("Organisaatio: Verohallinto"));
        let html = mail.body_html.as_deref().unwrap();
        assert!(html.contains(&format!("href=\"{}\"", made.link)), "{html}");
        assert!(
            !html.contains("<Ylläpitäjä>") && html.contains("Ylläpitäjä&"),
            "{html}"
        );
    }

    #[tokio::test]
    async fn an_address_with_an_account_cannot_be_invited() {
        let w = world().await;
        let err = w
            .invite(w.admin, "admin@vero.fi", Role::Member, false)
            .await
            .err()
            .unwrap();
        assert!(matches!(
            err,
            PeopleError::Field(FieldError { ref field, .. }) if field == "email"
        ));
    }

    #[tokio::test]
    async fn who_may_invite_with_which_role() {
        let w = world().await;
        let editor = person(&w.db, "toimittaja@vero.fi", Role::Editor).await;
        let writer = person(&w.db, "kirjoittaja@vero.fi", Role::Writer).await;
        // (inviter, role, allowed)
        let table = [
            (w.admin, Role::Admin, true),
            (editor, Role::Editor, true),
            (editor, Role::Admin, false),
            (writer, Role::Member, false),
        ];
        for (i, (inviter, role, allowed)) in table.into_iter().enumerate() {
            let result = w
                .invite(inviter, &format!("uusi{i}@vero.fi"), role, false)
                .await;
            match (allowed, result) {
                (true, Ok(_)) | (false, Err(PeopleError::Forbidden)) => {}
                (_, other) => panic!("{inviter:?} {role:?}: {:?}", other.err()),
            }
        }
    }

    #[tokio::test]
    async fn admins_cannot_demote_or_deactivate_themselves() {
        let w = world().await;
        for change in [
            PersonChange {
                role: Some(Role::Editor),
                active: None,
            },
            PersonChange {
                role: None,
                active: Some(false),
            },
        ] {
            let err = change_person(&w.db, w.admin, w.admin.id, change)
                .await
                .err();
            assert!(
                matches!(&err, Some(PeopleError::Field(e)) if e.field == "people"),
                "{change:?}: {err:?}"
            );
        }
        let me = store::user_by_id(&w.db, w.admin.id).await.unwrap().unwrap();
        assert!(me.active);
        assert_eq!(me.role, "admin");
    }

    #[tokio::test]
    async fn only_admins_change_people() {
        let w = world().await;
        let editor = person(&w.db, "toimittaja@vero.fi", Role::Editor).await;
        let writer = person(&w.db, "kirjoittaja@vero.fi", Role::Writer).await;
        let change = PersonChange {
            role: Some(Role::Member),
            active: None,
        };
        assert!(matches!(
            change_person(&w.db, editor, writer.id, change).await,
            Err(PeopleError::Forbidden)
        ));
        let changed = change_person(&w.db, w.admin, writer.id, change)
            .await
            .unwrap();
        assert_eq!(changed.role, "member");
        assert!(matches!(
            change_person(&w.db, w.admin, 9999, change).await,
            Err(PeopleError::NotFound)
        ));
    }

    #[tokio::test]
    async fn deactivation_ends_sessions_and_stops_tokens_until_reactivated() {
        use crate::entities::session;
        let w = world().await;
        let writer = person(&w.db, "kirjoittaja@vero.fi", Role::Writer).await;
        let token = create_api_token(&w.db, writer.id, "julkaisuputki")
            .await
            .unwrap();
        session::ActiveModel {
            id: Set("s1".to_owned()),
            user_id: Set(Some(writer.id)),
            data: Set("{}".to_owned()),
            expires_at: Set(i64::MAX / 2),
        }
        .insert(&w.db)
        .await
        .unwrap();
        assert!(user_for_api_token(&w.db, &token).await.unwrap().is_some());

        let off = PersonChange {
            role: None,
            active: Some(false),
        };
        let changed = change_person(&w.db, w.admin, writer.id, off).await.unwrap();
        assert!(!changed.active && changed.deactivated_at.is_some());
        assert_eq!(session::Entity::find().count(&w.db).await.unwrap(), 0);
        assert!(user_for_api_token(&w.db, &token).await.unwrap().is_none());

        let on = PersonChange {
            role: None,
            active: Some(true),
        };
        change_person(&w.db, w.admin, writer.id, on).await.unwrap();
        assert!(user_for_api_token(&w.db, &token).await.unwrap().is_some());
    }

    #[tokio::test]
    async fn people_revoke_only_their_own_tokens() {
        let w = world().await;
        let writer = person(&w.db, "kirjoittaja@vero.fi", Role::Writer).await;
        let token = create_api_token(&w.db, writer.id, "oma").await.unwrap();
        let row = store::active_tokens_of(&w.db, writer.id).await.unwrap();
        assert_eq!(row.len(), 1);
        assert!(matches!(
            revoke_api_token(&w.db, w.admin.id, row[0].id).await,
            Err(PeopleError::NotFound)
        ));
        revoke_api_token(&w.db, writer.id, row[0].id).await.unwrap();
        assert!(user_for_api_token(&w.db, &token).await.unwrap().is_none());
        assert!(
            store::active_tokens_of(&w.db, writer.id)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(matches!(
            revoke_api_token(&w.db, writer.id, row[0].id).await,
            Err(PeopleError::NotFound)
        ));
    }
}
