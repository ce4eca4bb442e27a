//! Action values: ids, statuses, where an action came from, and the one parser of the
//! action form and of a status change, shared by the pages and the JSON API.
use chrono::NaiveDate;
use serde::Deserialize;

use crate::{
    error::FieldError,
    markdown::{self, SafeHtml},
};

/// An action's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ActionId(pub i32);

/// Most characters in a title.
pub const MAX_TITLE_CHARS: usize = 200;
/// Most characters in a description.
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
/// Most characters in a status update.
pub const MAX_NOTE_CHARS: usize = 1_000;

/// Where an action stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Planned,
    InProgress,
    Done,
    Dropped,
}

impl Status {
    /// Every status, in the order the progress page lists them.
    pub const ALL: [Status; 4] = [
        Status::Planned,
        Status::InProgress,
        Status::Done,
        Status::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    pub fn parse(raw: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == raw.trim())
    }

    /// Whether the action is still to be done (and so reminded of).
    pub fn is_open(self) -> bool {
        matches!(self, Status::Planned | Status::InProgress)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Status::Planned => "actions-status-planned",
            Status::InProgress => "actions-status-in_progress",
            Status::Done => "actions-status-done",
            Status::Dropped => "actions-status-dropped",
        }
    }
}

/// What an action came from: written by hand, an agenda item's outcome, a task's results, a
/// member's idea or a feedback item of the panel's organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    Manual,
    Agenda(i32),
    Task(i32),
    Idea(i32),
    Feedback(i32),
}

impl Source {
    /// `agenda:12`, `task:5`, `idea:7`, `feedback:3`, or empty / `manual` for none.
    pub fn parse(raw: &str) -> Option<Source> {
        let raw = raw.trim();
        if raw.is_empty() || raw == "manual" {
            return Some(Source::Manual);
        }
        let (kind, id) = raw.split_once(':')?;
        let id: i32 = id.parse().ok().filter(|id| *id > 0)?;
        match kind {
            "agenda" => Some(Source::Agenda(id)),
            "task" => Some(Source::Task(id)),
            "idea" => Some(Source::Idea(id)),
            "feedback" => Some(Source::Feedback(id)),
            _ => None,
        }
    }

    /// The form value `parse` reads back.
    pub fn key(self) -> String {
        match self.id() {
            Some(id) => format!("{}:{id}", self.kind()),
            None => "manual".to_owned(),
        }
    }

    /// The stored kind.
    pub fn kind(self) -> &'static str {
        match self {
            Source::Manual => "manual",
            Source::Agenda(_) => "agenda",
            Source::Task(_) => "task",
            Source::Idea(_) => "idea",
            Source::Feedback(_) => "feedback",
        }
    }

    pub fn id(self) -> Option<i32> {
        match self {
            Source::Manual => None,
            Source::Agenda(id) | Source::Task(id) | Source::Idea(id) | Source::Feedback(id) => {
                Some(id)
            }
        }
    }

    /// The stored pair read back (unknown kinds read as manual).
    pub fn from_stored(kind: &str, id: Option<i32>) -> Source {
        match (kind, id) {
            ("agenda", Some(id)) => Source::Agenda(id),
            ("task", Some(id)) => Source::Task(id),
            ("idea", Some(id)) => Source::Idea(id),
            ("feedback", Some(id)) => Source::Feedback(id),
            _ => Source::Manual,
        }
    }
}

/// The action form as typed (pages and API alike).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The owner's user id.
    #[serde(default)]
    pub owner: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub due: String,
    /// `agenda:12`, `task:5`, `idea:7`, `feedback:3` or empty.
    #[serde(default)]
    pub source: String,
}

/// A checked new action; its source is checked against the panel by the service.
#[derive(Clone, Debug)]
pub struct NewAction {
    pub title: String,
    pub description_md: String,
    pub description_html: SafeHtml,
    pub owner_id: i32,
    pub due_on: NaiveDate,
    pub source: Source,
}

impl NewAction {
    /// Parse the form; `owners` are the people who may own an action of this panel.
    pub fn parse(form: &ActionForm, owners: &[i32]) -> Result<NewAction, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = crate::text::one_line(&form.title);
        if title.is_empty() {
            errors.push(FieldError::new("title", "field-required"));
        } else if title.chars().count() > MAX_TITLE_CHARS {
            errors.push(FieldError::new("title", "actions-title-too-long"));
        }
        let description_md = crate::text::clean(&form.description)
            .trim()
            .replace("\r\n", "\n");
        let description_html = if description_md.chars().count() > MAX_DESCRIPTION_CHARS {
            errors.push(FieldError::new(
                "description",
                "actions-description-too-long",
            ));
            None
        } else {
            match markdown::render(&description_md) {
                Ok(html) => Some(html),
                Err(_) => {
                    errors.push(FieldError::new(
                        "description",
                        "actions-description-too-long",
                    ));
                    None
                }
            }
        };
        let owner_id = match form.owner.trim().parse::<i32>() {
            Ok(id) if owners.contains(&id) => Some(id),
            _ if form.owner.trim().is_empty() => {
                errors.push(FieldError::new("owner", "actions-owner-required"));
                None
            }
            _ => {
                errors.push(FieldError::new("owner", "actions-owner-invalid"));
                None
            }
        };
        let due_on = match parse_due(&form.due) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let source = Source::parse(&form.source);
        if source.is_none() {
            errors.push(FieldError::new("source", "actions-source-invalid"));
        }
        match (description_html, owner_id, due_on, source) {
            (Some(description_html), Some(owner_id), Some(due_on), Some(source))
                if errors.is_empty() =>
            {
                Ok(NewAction {
                    title,
                    description_md,
                    description_html,
                    owner_id,
                    due_on,
                    source,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A due day typed as `YYYY-MM-DD`, between the years 2000 and 2100.
pub fn parse_due(raw: &str) -> Result<NaiveDate, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new("due", "actions-due-required"));
    }
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| FieldError::new("due", "actions-due-invalid"))
}

/// A status change as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct UpdateForm {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub note: String,
}

/// A checked status change: the new status and the short update that goes with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusChange {
    pub status: Status,
    pub note: String,
}

impl StatusChange {
    pub fn parse(form: &UpdateForm) -> Result<StatusChange, Vec<FieldError>> {
        let mut errors = Vec::new();
        let status = Status::parse(&form.status);
        if status.is_none() {
            errors.push(FieldError::new("status", "actions-status-invalid"));
        }
        let note = crate::text::clean(&form.note).trim().to_owned();
        if note.is_empty() {
            errors.push(FieldError::new("note", "actions-note-required"));
        } else if note.chars().count() > MAX_NOTE_CHARS {
            errors.push(FieldError::new("note", "actions-note-too-long"));
        }
        match status {
            Some(status) if errors.is_empty() => Ok(StatusChange { status, note }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_read_back_from_their_keys_and_nonsense_is_refused() {
        for s in [
            Source::Manual,
            Source::Agenda(3),
            Source::Task(7),
            Source::Idea(8),
            Source::Feedback(9),
        ] {
            assert_eq!(Source::parse(&s.key()), Some(s));
        }
        assert_eq!(Source::parse(""), Some(Source::Manual));
        for bad in [
            "agenda:",
            "task:x",
            "wish:3",
            "idea:",
            "feedback:-1",
            "agenda:0",
        ] {
            assert_eq!(Source::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_form_names_every_bad_field_and_a_stranger_cannot_own_an_action() {
        let form = ActionForm {
            title: " ".into(),
            owner: "99".into(),
            due: "2027-02-30".into(),
            source: "wish:1".into(),
            ..Default::default()
        };
        let errors = NewAction::parse(&form, &[1, 2]).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.to_string()).collect();
        assert_eq!(fields, ["title", "owner", "due", "source"]);
        let ok = ActionForm {
            title: "Lomake selkokielelle".into(),
            owner: "2".into(),
            due: "2027-03-29".into(),
            ..Default::default()
        };
        let new = NewAction::parse(&ok, &[1, 2]).unwrap();
        assert_eq!(new.owner_id, 2);
        assert_eq!(new.source, Source::Manual);
    }

    #[test]
    fn a_status_change_needs_a_known_status_and_a_short_update() {
        let missing = StatusChange::parse(&UpdateForm {
            status: "finished".into(),
            note: "".into(),
        })
        .unwrap_err();
        assert_eq!(missing.len(), 2);
        let ok = StatusChange::parse(&UpdateForm {
            status: "in_progress".into(),
            note: " Aloitettu ".into(),
        })
        .unwrap();
        assert_eq!(ok.status, Status::InProgress);
        assert_eq!(ok.note, "Aloitettu");
    }
}
