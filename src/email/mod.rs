//! Outgoing email: written to the `email_outbox` table in the same transaction as the change
//! that causes it, then delivered by the sender task (`sender.rs`) over SMTP (lettre), or
//! written to `data/outbox/*.eml` when no SMTP server is configured.
//!
//! Two ways in: `enqueue` (an address and a finished text, kind "general", used for account
//! mail such as invitations to the site) and `enqueue_email` (a person's email of a given
//! `EmailKind`: skipped when they have unsubscribed from that kind, and given an unsubscribe
//! link and `List-Unsubscribe` header).
pub mod handlers;
pub mod kinds;
pub mod preferences;
pub mod sender;
pub mod store;

use askama::Template;
use axum::{
    Router,
    routing::{get, post},
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr};

pub use kinds::EmailKind;
pub use sender::Mailer;

use crate::{auth::tokens, db::now, entities::email_outbox, i18n::Lang, i18n::Tr, state::AppState};

/// One email to send to an address (account mail, kind "general").
#[derive(Clone, Debug)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// Queue an email inside the caller's transaction; it is sent only if that commits.
pub async fn enqueue(db: &impl ConnectionTrait, email: OutgoingEmail) -> Result<(), DbErr> {
    insert(db, email, EmailKind::General, None, None, None).await?;
    Ok(())
}

/// Who an email goes to: a person of the site, in their language.
#[derive(Clone, Debug)]
pub struct Recipient {
    pub user_id: i32,
    pub address: String,
    pub lang: Lang,
}

/// A file sent with an email (e.g. `invite.ics`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    /// The full content type, e.g. `text/calendar; method=REQUEST; charset=UTF-8`.
    pub content_type: String,
    pub body: String,
}

/// An email of a kind a person can unsubscribe from.
#[derive(Clone, Debug)]
pub struct KindEmail {
    pub kind: EmailKind,
    pub to: Recipient,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attachment: Option<Attachment>,
}

/// Queue a person's email inside the caller's transaction, with an unsubscribe link for its
/// kind appended to both parts. Returns `false` (and queues nothing) when the person has
/// unsubscribed from the kind. `base_url` is the site's public address (`Settings::base_url`).
pub async fn enqueue_email(
    db: &impl ConnectionTrait,
    base_url: &str,
    email: KindEmail,
) -> Result<bool, DbErr> {
    if email.kind.is_optional()
        && !preferences::is_subscribed(db, email.to.user_id, email.kind).await?
    {
        return Ok(false);
    }
    let token = tokens::random_token();
    let link = unsubscribe_page_url(base_url, &token);
    let t = Tr::new(email.to.lang);
    let kind_name = t.get(&email.kind.label_key());
    let footer = t.arg("email-unsubscribe-footer", "kind", &kind_name);
    let text = format!("{}\n\n-- \n{footer}\n{link}\n", email.text.trim_end());
    let html = email.html.map(|html| {
        let note = format!(
            "<p style=\"font-size:small;color:#555\">{} <a href=\"{}\">{}</a></p>",
            escape_html(&footer),
            escape_html(&link),
            escape_html(&t.get("email-unsubscribe-link"))
        );
        match html.rfind("</body>") {
            Some(at) => format!("{}{note}\n{}", &html[..at], &html[at..]),
            None => format!("{html}\n{note}"),
        }
    });
    let outgoing = OutgoingEmail {
        to: email.to.address,
        subject: email.subject,
        text,
        html,
    };
    insert(
        db,
        outgoing,
        email.kind,
        Some(email.to.user_id),
        Some(tokens::hash_token(&token)),
        email.attachment,
    )
    .await?;
    Ok(true)
}

async fn insert(
    db: &impl ConnectionTrait,
    email: OutgoingEmail,
    kind: EmailKind,
    user_id: Option<i32>,
    unsubscribe_token_hash: Option<String>,
    attachment: Option<Attachment>,
) -> Result<i32, DbErr> {
    let (attachment_name, attachment_type, attachment_body) = match attachment {
        Some(a) => (Some(a.filename), Some(a.content_type), Some(a.body)),
        None => (None, None, None),
    };
    let row = email_outbox::ActiveModel {
        to_address: Set(email.to),
        subject: Set(email.subject),
        body_text: Set(email.text),
        body_html: Set(email.html),
        created_at: Set(now()),
        attempts: Set(0),
        next_attempt_at: Set(now()),
        kind: Set(kind.as_str().to_owned()),
        user_id: Set(user_id),
        message_key: Set(Some(tokens::random_token()[..32].to_owned())),
        unsubscribe_token_hash: Set(unsubscribe_token_hash),
        attachment_name: Set(attachment_name),
        attachment_type: Set(attachment_type),
        attachment_body: Set(attachment_body),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// The page that confirms an unsubscription (linked from the email's footer).
pub fn unsubscribe_page_url(base_url: &str, token: &str) -> String {
    format!(
        "{}/email/unsubscribe/{token}",
        base_url.trim_end_matches('/')
    )
}

/// The RFC 8058 one-click address of `List-Unsubscribe` (under `/api/`, so a mail program
/// can POST to it without a session).
pub fn one_click_url(page_url: &str) -> Option<String> {
    let (base, token) = page_url.split_once("/email/unsubscribe/")?;
    Some(format!("{base}/api/v1/email/unsubscribe/{token}"))
}

/// An email's text and HTML from paragraphs and an optional call to action, in one layout.
pub struct Composed {
    pub text: String,
    pub html: String,
}

#[derive(Template)]
#[template(path = "email/message.html")]
struct MessageHtml<'a> {
    lang: &'a str,
    paragraphs: &'a [String],
    action: Option<(&'a str, &'a str)>,
}

/// Compose an email body: paragraphs, then an action link (label, URL).
pub fn compose(
    lang: Lang,
    paragraphs: &[String],
    action: Option<(&str, &str)>,
) -> Result<Composed, askama::Error> {
    let mut text = paragraphs.join("\n\n");
    if let Some((label, link)) = action {
        text.push_str(&format!("\n\n{label}\n{link}"));
    }
    text.push('\n');
    let html = MessageHtml {
        lang: lang.code(),
        paragraphs,
        action,
    }
    .render()?;
    Ok(Composed { text, html })
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Pages: unsubscribing by link and the administrators' list of failed email. (Merged through `workshops::pages()` until `routes.rs` merges `email::pages()`.)
pub fn pages() -> Router<AppState> {
    Router::new()
        .route(
            "/email/unsubscribe/{token}",
            get(handlers::unsubscribe_page).post(handlers::unsubscribe),
        )
        .route("/admin/email", get(handlers::admin_failed))
        .route("/admin/email/{id}/retry", post(handlers::admin_retry))
}

/// The RFC 8058 one-click unsubscribe, outside the CSRF check (the token is the credential).
pub fn api() -> Router<AppState> {
    Router::new().route(
        "/api/v1/email/unsubscribe/{token}",
        post(handlers::one_click_unsubscribe),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_click_address_is_the_page_address_under_the_api() {
        let page = unsubscribe_page_url("https://lupa.example/", "abc");
        assert_eq!(page, "https://lupa.example/email/unsubscribe/abc");
        assert_eq!(
            one_click_url(&page).as_deref(),
            Some("https://lupa.example/api/v1/email/unsubscribe/abc")
        );
    }
}
