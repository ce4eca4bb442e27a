//! Invitations: who may invite whom, the invitation and its email, and accepting one.
use askama::Template;
use chrono::Duration;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection};

use super::{
    super::{
        model::{DisplayName, Email},
        store,
    },
    PeopleError,
    accounts::{NewRow, insert_user},
    field,
};
use crate::{
    auth::{
        Role,
        password::Password,
        permissions::{self, Actor},
        tokens,
    },
    db::{begin_write, now},
    email::{self, Mailer, OutgoingEmail},
    entities::{invitation, organization, user},
    i18n::{FluentArg, Lang, Tr},
};

// Invitations

/// Invitation links last this long.
pub const INVITATION_DAYS: i64 = 7;

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
    let role = inv.invited_role().unwrap_or(Role::Member);
    Ok(Some(InvitationView {
        email: inv.email,
        organization,
        role,
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
    let role = inv.invited_role().unwrap_or(Role::Member);
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
