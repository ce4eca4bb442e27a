//! Tasks as typed values: ids, question kinds, the questions as asked, and the settings and
//! times that decide who sees what and when. Answering and editing keep their own types in
//! `answering::model` and `editing::model`.
use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Helsinki;

/// A task's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct TaskId(pub i32);

/// A question's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct QuestionId(pub i32);

/// An answer option's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct OptionId(pub i32);

/// The kinds of question a task can ask.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuestionKind {
    /// Pick exactly one option.
    SingleChoice,
    /// Pick between `min` and `max` options.
    MultipleChoice { min: u32, max: u32 },
    /// A whole number from `min` to `max`, with labels for the two ends.
    Scale {
        min: i32,
        max: i32,
        min_label: String,
        max_label: String,
    },
    /// Put every option in order, first = most important.
    Ranking,
    /// Distribute up to `points` points among the options.
    Dots { points: u32 },
    /// Write freely.
    FreeText,
    /// Yes or no.
    YesNo,
}

/// Longest free-text answer, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;
/// Most questions one task may have (the API and the editor alike).
pub const MAX_QUESTIONS: usize = 200;
/// Most options one question may have.
pub const MAX_OPTIONS: usize = 30;

impl QuestionKind {
    /// The code stored in the database and used in the API.
    pub fn code(&self) -> &'static str {
        match self {
            QuestionKind::SingleChoice => "single",
            QuestionKind::MultipleChoice { .. } => "multiple",
            QuestionKind::Scale { .. } => "scale",
            QuestionKind::Ranking => "ranking",
            QuestionKind::Dots { .. } => "dots",
            QuestionKind::FreeText => "text",
            QuestionKind::YesNo => "yes_no",
        }
    }

    /// Every kind's code, in the order the editor offers them.
    pub const CODES: [&'static str; 7] = [
        "single", "multiple", "scale", "ranking", "dots", "text", "yes_no",
    ];

    /// Catalogue key of a kind's name.
    pub fn label_key(code: &str) -> &'static str {
        match code {
            "single" => "poll-kind-single",
            "multiple" => "poll-kind-multiple",
            "scale" => "poll-kind-scale",
            "ranking" => "poll-kind-ranking",
            "dots" => "poll-kind-dots",
            "text" => "poll-kind-text",
            _ => "poll-kind-yes-no",
        }
    }

    /// Whether the kind needs a list of options.
    pub fn has_options(&self) -> bool {
        matches!(
            self,
            QuestionKind::SingleChoice
                | QuestionKind::MultipleChoice { .. }
                | QuestionKind::Ranking
                | QuestionKind::Dots { .. }
        )
    }
}

/// One option of a question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub id: OptionId,
    pub label: String,
}

/// A question as asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub id: QuestionId,
    pub prompt: String,
    pub kind: QuestionKind,
    pub required: bool,
    /// Options in the facilitator's order.
    pub options: Vec<Choice>,
}

impl Question {
    pub fn option(&self, id: OptionId) -> Option<&Choice> {
        self.options.iter().find(|o| o.id == id)
    }
    /// The form field of the whole question (`q12`).
    pub fn field(&self) -> String {
        format!("q{}", self.id.0)
    }
    /// The form field of one option of the question (`q12_o5`), for rankings and dots.
    pub fn option_field(&self, option: OptionId) -> String {
        format!("q{}_o{}", self.id.0, option.0)
    }
    /// The scale's steps, low to high.
    pub fn scale_steps(&self) -> Vec<i32> {
        match self.kind {
            QuestionKind::Scale { min, max, .. } => (min..=max).collect(),
            _ => Vec::new(),
        }
    }
}

/// Whether answers are linked to the people who gave them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Anonymity {
    /// Answers carry the respondent; the respondent may edit them until closing.
    Named,
    /// Answers are never linked to a person; each member answers once.
    Anonymous,
}

impl Anonymity {
    pub fn from_flag(anonymous: bool) -> Self {
        if anonymous {
            Anonymity::Anonymous
        } else {
            Anonymity::Named
        }
    }
    pub fn is_anonymous(self) -> bool {
        self == Anonymity::Anonymous
    }
}

/// When members (not facilitators) see a task's results.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultsVisibility {
    Always,
    AfterAnswering,
    AfterClosing,
    FacilitatorsOnly,
}

impl ResultsVisibility {
    pub const ALL: [ResultsVisibility; 4] = [
        ResultsVisibility::Always,
        ResultsVisibility::AfterAnswering,
        ResultsVisibility::AfterClosing,
        ResultsVisibility::FacilitatorsOnly,
    ];
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "always" => Some(ResultsVisibility::Always),
            "after_answering" => Some(ResultsVisibility::AfterAnswering),
            "after_closing" => Some(ResultsVisibility::AfterClosing),
            "facilitators_only" => Some(ResultsVisibility::FacilitatorsOnly),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ResultsVisibility::Always => "always",
            ResultsVisibility::AfterAnswering => "after_answering",
            ResultsVisibility::AfterClosing => "after_closing",
            ResultsVisibility::FacilitatorsOnly => "facilitators_only",
        }
    }
    /// Catalogue key of the choice in the editor.
    pub fn label_key(self) -> &'static str {
        match self {
            ResultsVisibility::Always => "poll-results-always",
            ResultsVisibility::AfterAnswering => "poll-results-after-answering",
            ResultsVisibility::AfterClosing => "poll-results-after-closing",
            ResultsVisibility::FacilitatorsOnly => "poll-results-facilitators-only",
        }
    }
}

/// Where a task is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Not open yet: everything may still change.
    Upcoming,
    /// Taking answers: the settings are fixed.
    Open,
    /// Closed: no more answers.
    Closed,
}

impl Phase {
    pub fn label_key(self) -> &'static str {
        match self {
            Phase::Upcoming => "poll-phase-upcoming",
            Phase::Open => "poll-phase-open",
            Phase::Closed => "poll-phase-closed",
        }
    }
}

/// The time a task takes answers: from `opens_at` (inclusive) to `closes_at` (exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
}

impl Window {
    /// Both ends; the closing must come after the opening.
    pub fn new(opens_at: DateTime<Utc>, closes_at: DateTime<Utc>) -> Result<Self, &'static str> {
        if closes_at <= opens_at {
            Err("poll-error-closes-before-opens")
        } else {
            Ok(Window {
                opens_at,
                closes_at,
            })
        }
    }
    pub fn opens_at(&self) -> DateTime<Utc> {
        self.opens_at
    }
    pub fn closes_at(&self) -> DateTime<Utc> {
        self.closes_at
    }
    pub fn phase(&self, now: DateTime<Utc>) -> Phase {
        if now < self.opens_at {
            Phase::Upcoming
        } else if now < self.closes_at {
            Phase::Open
        } else {
            Phase::Closed
        }
    }
}

/// A wall-clock time in Helsinki as typed into a `datetime-local` field (`2026-11-24T09:00`)
/// to an instant. In the autumn hour that happens twice the earlier one is meant; a time
/// skipped in spring does not exist and is refused.
pub fn parse_helsinki(raw: &str) -> Result<DateTime<Utc>, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("poll-error-time-required");
    }
    let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M"))
        .map_err(|_| "poll-error-time-format")?;
    match Helsinki.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _) => Ok(earlier.with_timezone(&Utc)),
        LocalResult::None => Err("poll-error-time-skipped"),
    }
}

/// An instant as a `datetime-local` value in Helsinki time.
pub fn helsinki_input(at: &DateTime<Utc>) -> String {
    at.with_timezone(&Helsinki)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// Who is looking at a task, as far as result visibility cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Viewer {
    /// Facilitators (and admins) run the panel: they follow results as they come in.
    pub facilitator: bool,
    /// Whether this person has answered the task.
    pub answered: bool,
}

/// Whether a viewer may see the results now. Facilitators always may; members as the task
/// says, and "after answering" also opens to everyone once the task has closed.
pub fn results_visible(visibility: ResultsVisibility, phase: Phase, viewer: Viewer) -> bool {
    if viewer.facilitator {
        return true;
    }
    match visibility {
        ResultsVisibility::Always => true,
        ResultsVisibility::AfterAnswering => viewer.answered || phase == Phase::Closed,
        ResultsVisibility::AfterClosing => phase == Phase::Closed,
        ResultsVisibility::FacilitatorsOnly => false,
    }
}

/// The task's settings that become fixed once it opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub anonymity: Anonymity,
    pub results: ResultsVisibility,
    pub shuffle: bool,
}

/// Check a change of settings: before opening anything goes; once open nothing may change
/// (so an anonymous task can never be made named, nor hidden results shown early).
pub fn check_settings_change(
    phase: Phase,
    old: Settings,
    new: Settings,
) -> Result<(), &'static str> {
    if phase == Phase::Upcoming || old == new {
        Ok(())
    } else {
        Err("poll-error-settings-fixed")
    }
}

/// A task title: 1–200 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskTitle(String);

impl TaskTitle {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let s = raw.trim();
        let n = s.chars().count();
        if n == 0 {
            Err("poll-error-title-required")
        } else if n > 200 || s.chars().any(char::is_control) {
            Err("poll-error-title-too-long")
        } else {
            Ok(TaskTitle(s.to_owned()))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helsinki_times_follow_daylight_saving() {
        let winter = parse_helsinki("2026-01-15T09:00").unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-01-15T07:00:00+00:00");
        let summer = parse_helsinki("2026-06-15T09:00").unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-06-15T06:00:00+00:00");
        // Clocks jump from 03:00 to 04:00 on 29 March 2026.
        assert_eq!(
            parse_helsinki("2026-03-29T03:30"),
            Err("poll-error-time-skipped")
        );
        assert_eq!(parse_helsinki("huomenna"), Err("poll-error-time-format"));
        assert_eq!(helsinki_input(&summer), "2026-06-15T09:00");
    }

    #[test]
    fn results_visibility_at_each_moment() {
        use Phase::*;
        use ResultsVisibility::*;
        let member = |answered| Viewer {
            facilitator: false,
            answered,
        };
        let facilitator = Viewer {
            facilitator: true,
            answered: false,
        };
        // (setting, phase, answered, member sees)
        let table = [
            (Always, Upcoming, false, true),
            (Always, Open, false, true),
            (AfterAnswering, Open, false, false),
            (AfterAnswering, Open, true, true),
            (AfterAnswering, Closed, false, true),
            (AfterClosing, Open, true, false),
            (AfterClosing, Closed, false, true),
            (FacilitatorsOnly, Open, true, false),
            (FacilitatorsOnly, Closed, true, false),
        ];
        for (setting, phase, answered, sees) in table {
            assert_eq!(
                results_visible(setting, phase, member(answered)),
                sees,
                "{setting:?} {phase:?} answered={answered}"
            );
            assert!(results_visible(setting, phase, facilitator));
        }
    }

    #[test]
    fn settings_are_fixed_once_the_task_opens() {
        let named = Settings {
            anonymity: Anonymity::Named,
            results: ResultsVisibility::Always,
            shuffle: false,
        };
        let anonymous = Settings {
            anonymity: Anonymity::Anonymous,
            ..named
        };
        assert!(check_settings_change(Phase::Upcoming, anonymous, named).is_ok());
        assert!(check_settings_change(Phase::Open, anonymous, named).is_err());
        assert!(check_settings_change(Phase::Closed, anonymous, named).is_err());
        assert!(check_settings_change(Phase::Open, anonymous, anonymous).is_ok());
    }

    #[test]
    fn window_must_close_after_it_opens() {
        let t = parse_helsinki("2026-01-15T09:00").unwrap();
        assert!(Window::new(t, t).is_err());
        let w = Window::new(t, t + chrono::Duration::days(7)).unwrap();
        assert_eq!(w.phase(t - chrono::Duration::seconds(1)), Phase::Upcoming);
        assert_eq!(w.phase(t), Phase::Open);
        assert_eq!(w.phase(t + chrono::Duration::days(7)), Phase::Closed);
    }
}
