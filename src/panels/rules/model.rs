//! Panel rules as values: a draft parsed from a form or the API (one parser for both), and
//! where a reader stands with the current version.
use serde::Serialize;

use crate::{error::FieldError, markdown};

/// The longest change note.
pub const NOTE_MAX_CHARS: usize = 300;

/// A new version of the rules, checked: Markdown with its HTML, and the optional note.
#[derive(Clone, Debug)]
pub struct RulesDraft {
    pub body_md: String,
    pub html: markdown::SafeHtml,
    pub note: Option<String>,
}

impl RulesDraft {
    /// The rules text is required (a panel without rules simply never saved any); every
    /// mistake is reported at once, on `body` and `note`.
    pub fn parse(body: &str, note: &str) -> Result<RulesDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let html = if body.trim().is_empty() {
            errors.push(field("body", "field-required"));
            None
        } else {
            markdown::render(body)
                .map_err(|e| errors.push(crate::blog::service::markdown_field_error("body", &e)))
                .ok()
        };
        let note = note.trim();
        if note.chars().count() > NOTE_MAX_CHARS {
            errors.push(field("note", "panel-rules-note-too-long"));
        }
        match html {
            Some(html) if errors.is_empty() => Ok(RulesDraft {
                body_md: body.trim_end().to_owned(),
                html,
                note: (!note.is_empty()).then(|| note.to_owned()),
            }),
            _ => Err(errors),
        }
    }
}

fn field(name: &'static str, message_key: &'static str) -> FieldError {
    FieldError {
        field: name.into(),
        message_key,
        args: Vec::new(),
    }
}

/// Where one reader stands with a panel's rules: the current version (none while the panel
/// has no rules) and the version they accepted last (none if never).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RulesStanding {
    pub current: Option<i32>,
    pub accepted: Option<i32>,
}

impl RulesStanding {
    /// Whether the panel has rules at all.
    pub fn exist(self) -> bool {
        self.current.is_some()
    }

    /// Whether the current version is one the reader has not accepted.
    pub fn pending(self) -> bool {
        match (self.current, self.accepted) {
            (Some(c), Some(a)) => a < c,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_needs_text_and_a_short_note() {
        let e = RulesDraft::parse("  ", &"x".repeat(NOTE_MAX_CHARS + 1)).unwrap_err();
        let fields: Vec<_> = e.iter().map(|f| f.field.as_ref()).collect();
        assert_eq!(fields, ["body", "note"]);
        let d = RulesDraft::parse("1. Kunnioitamme toisiamme.\n", " ").unwrap();
        assert_eq!(d.note, None);
        assert!(d.html.as_str().contains("<ol>"));
    }

    #[test]
    fn a_reader_is_pending_until_they_accept_the_current_version() {
        let s = |current, accepted| RulesStanding { current, accepted };
        assert!(!s(None, None).pending());
        assert!(s(Some(1), None).pending());
        assert!(s(Some(2), Some(1)).pending());
        assert!(!s(Some(2), Some(2)).pending());
    }
}
