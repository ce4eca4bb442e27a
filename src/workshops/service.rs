//! What every workshop use case shares: its error, the site and mail sender it writes
//! through, and how a workshop is named in emails and calendars. The use cases themselves
//! live in `scheduling/` (finding a time) and `registration/` (the workshop that follows).
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use super::{
    ics::{self, CalPerson, Method},
    model::WorkshopId,
    time::to_helsinki,
};
use crate::{
    email::{self, Attachment, EmailKind, KindEmail, Mailer, Recipient},
    entities::{user, workshop},
    error::{AppError, FieldError},
    i18n::{FluentArg, Lang, Tr},
    state::AppState,
};

/// What went wrong in a workshop use case.
#[derive(Debug, thiserror::Error)]
pub enum WorkshopError {
    #[error("not found")]
    NotFound,
    #[error("the poll is closed")]
    PollClosed,
    #[error("registration is closed")]
    RegistrationClosed,
    #[error("invalid input")]
    Fields(Vec<FieldError>),
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<WorkshopError> for AppError {
    fn from(e: WorkshopError) -> Self {
        match e {
            WorkshopError::NotFound => AppError::NotFound,
            WorkshopError::PollClosed => AppError::BadRequest("workshops-poll-closed"),
            WorkshopError::RegistrationClosed => {
                AppError::BadRequest("workshops-registration-closed")
            }
            WorkshopError::Fields(f) => AppError::Validation(f),
            WorkshopError::Db(e) => AppError::Internal(e.into()),
            WorkshopError::Internal(e) => AppError::Internal(e),
        }
    }
}

impl From<askama::Error> for WorkshopError {
    fn from(e: askama::Error) -> Self {
        WorkshopError::Internal(anyhow::anyhow!("email template: {e}"))
    }
}

/// What emails need to know about the site.
#[derive(Clone, Debug)]
pub struct Site {
    pub base_url: String,
    pub default_lang: Lang,
}

impl Site {
    /// The running app's site.
    pub fn of(state: &AppState) -> Site {
        Site {
            base_url: state.settings.base_url(),
            default_lang: state.settings.default_language,
        }
    }

    /// The site's host name, for calendar UIDs and sender addresses.
    pub fn host(&self) -> String {
        self.base_url
            .split("://")
            .nth(1)
            .unwrap_or("lupa")
            .split(['/', ':'])
            .next()
            .unwrap_or("lupa")
            .to_owned()
    }
}

/// A person as an email recipient, in their language (else the site's).
pub(crate) fn recipient(u: &user::Model, site: &Site) -> Recipient {
    Recipient {
        user_id: u.id,
        address: u.email.clone(),
        lang: u
            .language
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or(site.default_lang),
    }
}

/// What a use case that queues email writes through besides the database: the site (links,
/// the default language) and the sender, which the use case wakes once the transaction that
/// queued the email has committed, so no caller has to remember to.
#[derive(Clone)]
pub struct Mail {
    pub site: Site,
    sender: Option<Mailer>,
}

impl Mail {
    /// The running app's site and sender.
    pub fn of(state: &AppState) -> Mail {
        Mail {
            site: Site::of(state),
            sender: Some(state.mailer.clone()),
        }
    }

    /// Queue only, waking nothing: for callers with no sender running in this process (the
    /// demo seeder); the sender's regular pass sends what they queued.
    pub fn queue_only(site: Site) -> Mail {
        Mail { site, sender: None }
    }

    /// Call after the commit of a transaction that queued email.
    pub(super) fn committed(&self) {
        if let Some(sender) = &self.sender {
            sender.wake();
        }
    }
}

/// Queue one email of `kind` to `u` composed from message keys in their language.
#[allow(clippy::too_many_arguments)]
pub(super) async fn notify(
    db: &impl ConnectionTrait,
    site: &Site,
    u: &user::Model,
    kind: EmailKind,
    subject_key: &str,
    body_key: &str,
    args: &[(&str, FluentArg)],
    link: &str,
    attachment: Option<Attachment>,
) -> Result<(), WorkshopError> {
    let to = recipient(u, site);
    let t = Tr::new(to.lang);
    let paragraphs = vec![t.args(body_key, args)];
    let action = t.get("workshops-email-open");
    let body = email::compose(to.lang, &paragraphs, Some((&action, link)))?;
    email::enqueue_email(
        db,
        &site.base_url,
        KindEmail {
            kind,
            to,
            subject: t.args(subject_key, args),
            text: body.text,
            html: Some(body.html),
            attachment,
        },
    )
    .await?;
    Ok(())
}

pub fn workshop_url(site: &Site, panel_slug: &str, id: WorkshopId) -> String {
    format!("{}/panels/{panel_slug}/workshops/{}", site.base_url, id.0)
}

/// The workshop as a calendar event.
pub fn event(
    site: &Site,
    panel_slug: &str,
    panel_name: &str,
    w: &workshop::Model,
    attendees: Vec<CalPerson>,
) -> ics::Event {
    let place = match (&w.place, &w.online_url) {
        (Some(p), _) => Some(p.clone()),
        (None, Some(url)) => Some(url.clone()),
        (None, None) => None,
    };
    let mut description = w.description_md.clone();
    if let Some(url) = &w.online_url {
        description = format!("{url}\n\n{description}");
    }
    ics::Event {
        uid: format!("workshop-{}-{}@{}", w.id, w.uid_key, site.host()),
        sequence: w.sequence.max(0) as u32,
        stamp: w.updated_at,
        start: w.starts_at,
        end: w.ends_at,
        summary: format!("{} – {panel_name}", w.title),
        description,
        location: place,
        url: Some(workshop_url(site, panel_slug, WorkshopId(w.id))),
        organizer: CalPerson {
            name: panel_name.to_owned(),
            email: format!("noreply@{}", site.host()),
        },
        attendees,
        cancelled: w.cancelled_at.is_some(),
    }
}

/// An `.ics` invitation to one person.
pub(super) fn invitation(
    site: &Site,
    panel_slug: &str,
    panel_name: &str,
    w: &workshop::Model,
    who: &user::Model,
    method: Method,
) -> Attachment {
    let attendee = CalPerson {
        name: who.display_name.clone(),
        email: who.email.clone(),
    };
    let e = event(site, panel_slug, panel_name, w, vec![attendee]);
    Attachment {
        filename: "invite.ics".to_owned(),
        content_type: method.content_type(),
        body: ics::calendar(method, None, &[e]),
    }
}

/// Helsinki date and time range of a workshop, e.g. "12.5.2026 9.00–12.00".
pub fn when(t: Tr, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let s = to_helsinki(start);
    let e = to_helsinki(end);
    format!(
        "{} {}–{}",
        t.long_date(&start),
        s.format("%H:%M"),
        e.format("%H:%M")
    )
}
