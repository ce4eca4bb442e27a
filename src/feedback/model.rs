//! What feedback is, as typed values: its state, the checked form (one parser for the page
//! and the API), topic names and the bot defences' outcomes.
use serde::Deserialize;

use crate::{
    error::FieldError,
    i18n::Lang,
    markdown::{self, SafeHtml},
    people::model::Email,
    web::forms::collect,
};

/// The most characters the free text may have: longer is refused with 413.
pub const MAX_TEXT_CHARS: usize = 5000;

/// Where an item stands in the inbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    New,
    InProgress,
    Answered,
    Closed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::New,
        Status::InProgress,
        Status::Answered,
        Status::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::InProgress => "in_progress",
            Status::Answered => "answered",
            Status::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The `status` field of a form or an API body.
    pub fn parse_field(s: &str) -> Result<Status, FieldError> {
        Status::parse(s.trim()).ok_or_else(|| FieldError::new("status", "feedback-status-invalid"))
    }

    /// Catalogue key of the state's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Status::New => "feedback-status-new",
            Status::InProgress => "feedback-status-in-progress",
            Status::Answered => "feedback-status-answered",
            Status::Closed => "feedback-status-closed",
        }
    }
}

/// A topic's name: 1–80 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicName(String);

impl TopicName {
    pub fn parse(raw: &str) -> Result<TopicName, FieldError> {
        let s = crate::text::clean(raw).trim().to_owned();
        if s.is_empty() {
            return Err(FieldError::new("name", "field-required"));
        }
        if s.chars().count() > 80 {
            return Err(FieldError::new("name", "feedback-topic-too-long"));
        }
        Ok(TopicName(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The public form (and the API's body) as sent.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct FeedbackForm {
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub may_publish: String,
    #[serde(default)]
    pub language: String,
    /// The honeypot: hidden from people and assistive technology, filled only by bots.
    #[serde(default)]
    pub website: String,
    /// The signed time the form was shown (`bots::FormStamp`).
    #[serde(default)]
    pub started: String,
}

impl FeedbackForm {
    pub fn may_publish(&self) -> bool {
        matches!(self.may_publish.as_str(), "yes" | "true" | "on" | "1")
    }
}

/// Checked feedback, ready to store.
#[derive(Clone, Debug)]
pub struct NewFeedback {
    pub topic_id: i32,
    pub body_md: String,
    pub html: SafeHtml,
    pub email: Option<Email>,
    pub may_publish: bool,
    pub language: Lang,
}

/// Why the form was refused before it was looked at as feedback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The honeypot was filled (422).
    Honeypot,
    /// Sent sooner after the form was shown than a person can type, or with no valid stamp (422).
    TooFast,
    /// Too many sendings from this address lately (429).
    RateLimited,
    /// The text is over the size cap (413).
    TooLarge,
}

impl Refusal {
    /// The form field the message is tied to, and its catalogue key.
    pub fn field_error(self) -> FieldError {
        match self {
            Refusal::Honeypot => FieldError::new("body", "feedback-refused-honeypot"),
            Refusal::TooFast => FieldError::new("body", "feedback-refused-too-fast"),
            Refusal::RateLimited => FieldError::new("body", "feedback-refused-rate"),
            Refusal::TooLarge => FieldError {
                field: "body".into(),
                message_key: "feedback-refused-too-large",
                args: vec![("max", MAX_TEXT_CHARS as i64)],
            },
        }
    }
}

/// Check the feedback's own fields (the bot defences are `bots`' job). `topics` are the
/// organisation's open topic ids; `page_lang` the language the form was shown in.
pub fn check(
    form: &FeedbackForm,
    topics: &[i32],
    page_lang: Lang,
) -> Result<NewFeedback, Vec<FieldError>> {
    let mut errors = Vec::new();
    let topic_id = collect(
        &mut errors,
        form.topic
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|id| topics.contains(id))
            .ok_or_else(|| FieldError::new("topic", "feedback-topic-required")),
    );
    let body = crate::text::clean(&form.body).into_owned();
    let html = if body.trim().is_empty() {
        errors.push(FieldError::new("body", "field-required"));
        None
    } else {
        collect(
            &mut errors,
            markdown::render(&body)
                .map_err(|e| crate::blog::service::markdown_field_error("body", &e)),
        )
    };
    let email = match form.email.trim() {
        "" => Some(None),
        raw => collect(&mut errors, Email::parse(raw).map(Some)),
    };
    let language = match form.language.trim() {
        "" => Some(page_lang),
        code => collect(
            &mut errors,
            Lang::parse(code).ok_or_else(|| FieldError::new("language", "language-invalid")),
        ),
    };
    match (topic_id, html, email, language) {
        (Some(topic_id), Some(html), Some(email), Some(language)) if errors.is_empty() => {
            Ok(NewFeedback {
                topic_id,
                body_md: body,
                html,
                email,
                may_publish: form.may_publish(),
                language,
            })
        }
        _ => Err(errors),
    }
}

/// Whether the text is over the size cap.
pub fn too_large(form: &FeedbackForm) -> bool {
    form.body.chars().count() > MAX_TEXT_CHARS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(topic: &str, body: &str, email: &str) -> FeedbackForm {
        FeedbackForm {
            topic: topic.into(),
            body: body.into(),
            email: email.into(),
            ..Default::default()
        }
    }

    #[test]
    fn every_status_reads_back() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("spam"), None);
    }

    #[test]
    fn feedback_needs_an_open_topic_and_text_and_a_valid_email_if_any() {
        assert!(check(&form("3", "Hyvä palvelu", ""), &[3], Lang::Fi).is_ok());
        let errors = check(&form("4", " ", "ei-osoite"), &[3], Lang::Fi).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(fields, ["topic", "body", "email"]);
    }

    #[test]
    fn the_language_defaults_to_the_pages() {
        let ok = check(&form("1", "Tack", ""), &[1], Lang::Sv).unwrap();
        assert_eq!(ok.language, Lang::Sv);
    }
}
