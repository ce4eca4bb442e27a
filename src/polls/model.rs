//! Tasks (polls and surveys) as typed values: question kinds, submitted answers and their
//! checking, per-person option order, and the settings that decide who sees what and when.
use std::collections::HashMap;

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Helsinki;
use sha2::{Digest, Sha256};

use crate::i18n::{FluentArg, Tr};

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

/// One question's answer, checked against the question.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    Single(i32),
    Multiple(Vec<i32>),
    Scale(i32),
    /// Option ids, most important first.
    Ranking(Vec<i32>),
    /// (option id, points) for options given at least one point.
    Dots(Vec<(i32, u32)>),
    Text(String),
    YesNo(bool),
}

/// Why a question's answer was refused: a catalogue key and its numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerError {
    pub key: &'static str,
    pub args: Vec<(&'static str, i64)>,
}

impl AnswerError {
    fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }
    fn with(key: &'static str, args: &[(&'static str, i64)]) -> Self {
        Self {
            key,
            args: args.to_vec(),
        }
    }
    /// The message in the reader's language.
    pub fn message(&self, t: &Tr) -> String {
        let args: Vec<(&str, FluentArg)> = self
            .args
            .iter()
            .map(|(k, v)| (*k, FluentArg::Num(*v)))
            .collect();
        t.args(self.key, &args)
    }
}

/// The submitted fields of an answer form (a field may repeat, as checkboxes do).
#[derive(Clone, Debug, Default)]
pub struct AnswerFields(HashMap<String, Vec<String>>);

impl AnswerFields {
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in pairs {
            map.entry(k.into()).or_default().push(v.into());
        }
        AnswerFields(map)
    }
    /// Every value of a field, blank ones left out.
    pub fn all(&self, field: &str) -> Vec<&str> {
        self.0
            .get(field)
            .map(|v| {
                v.iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
    /// The first non-blank value of a field.
    pub fn one(&self, field: &str) -> Option<&str> {
        self.all(field).into_iter().next()
    }
    /// The raw first value (free text keeps its inner whitespace).
    pub fn raw(&self, field: &str) -> Option<&str> {
        self.0
            .get(field)
            .and_then(|v| v.first())
            .map(String::as_str)
    }

    /// The fields a stored answer fills in, to show the form again with it.
    pub fn from_answers(questions: &[Question], answers: &HashMap<i32, Answer>) -> Self {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for q in questions {
            let Some(answer) = answers.get(&q.id.0) else {
                continue;
            };
            match answer {
                Answer::Single(id) | Answer::Scale(id) => pairs.push((q.field(), id.to_string())),
                Answer::Multiple(ids) => {
                    pairs.extend(ids.iter().map(|id| (q.field(), id.to_string())))
                }
                Answer::Ranking(ids) => pairs.extend(
                    ids.iter()
                        .enumerate()
                        .map(|(i, id)| (q.option_field(OptionId(*id)), (i + 1).to_string())),
                ),
                Answer::Dots(points) => pairs.extend(
                    points
                        .iter()
                        .map(|(id, n)| (q.option_field(OptionId(*id)), n.to_string())),
                ),
                Answer::Text(s) => pairs.push((q.field(), s.clone())),
                Answer::YesNo(b) => {
                    pairs.push((q.field(), if *b { "yes" } else { "no" }.to_owned()))
                }
            }
        }
        AnswerFields::from_pairs(pairs)
    }

    /// Whether `value` is among a field's values (for checked boxes and selected options).
    pub fn has(&self, field: &str, value: impl std::fmt::Display) -> bool {
        let value = value.to_string();
        self.all(field).contains(&value.as_str())
    }
}

fn option_id(question: &Question, raw: &str) -> Result<OptionId, AnswerError> {
    raw.parse::<i32>()
        .ok()
        .map(OptionId)
        .filter(|id| question.option(*id).is_some())
        .ok_or_else(|| AnswerError::new("poll-error-unknown-option"))
}

/// Read one question's answer from the form. `Ok(None)`: an optional question left blank.
pub fn parse_answer(q: &Question, fields: &AnswerFields) -> Result<Option<Answer>, AnswerError> {
    let required = || {
        if q.required {
            Err(AnswerError::new("poll-error-required"))
        } else {
            Ok(None)
        }
    };
    match &q.kind {
        QuestionKind::SingleChoice => match fields.all(&q.field()).as_slice() {
            [] => required(),
            [one] => Ok(Some(Answer::Single(option_id(q, one)?.0))),
            _ => Err(AnswerError::new("poll-error-pick-one")),
        },
        QuestionKind::MultipleChoice { min, max } => {
            let mut ids = Vec::new();
            for raw in fields.all(&q.field()) {
                let id = option_id(q, raw)?.0;
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            if ids.is_empty() {
                return required();
            }
            let n = ids.len() as u32;
            if n < *min {
                return Err(AnswerError::with(
                    "poll-error-too-few-picks",
                    &[("min", i64::from(*min))],
                ));
            }
            if n > *max {
                return Err(AnswerError::with(
                    "poll-error-too-many-picks",
                    &[("max", i64::from(*max))],
                ));
            }
            // Stored in the question's own order, whatever order the boxes came in.
            ids.sort_by_key(|id| q.options.iter().position(|o| o.id.0 == *id));
            Ok(Some(Answer::Multiple(ids)))
        }
        QuestionKind::Scale { min, max, .. } => match fields.one(&q.field()) {
            None => required(),
            Some(raw) => match raw.parse::<i32>() {
                Ok(v) if (*min..=*max).contains(&v) => Ok(Some(Answer::Scale(v))),
                _ => Err(AnswerError::with(
                    "poll-error-scale-range",
                    &[("min", i64::from(*min)), ("max", i64::from(*max))],
                )),
            },
        },
        QuestionKind::Ranking => {
            let n = q.options.len();
            let mut positions: Vec<(usize, i32)> = Vec::new();
            for o in &q.options {
                match fields.one(&q.option_field(o.id)) {
                    None => {}
                    Some(raw) => match raw.parse::<usize>() {
                        Ok(p) if (1..=n).contains(&p) => positions.push((p, o.id.0)),
                        _ => {
                            return Err(AnswerError::with(
                                "poll-error-rank-range",
                                &[("count", n as i64)],
                            ));
                        }
                    },
                }
            }
            if positions.is_empty() {
                return required();
            }
            if positions.len() < n {
                return Err(AnswerError::new("poll-error-rank-all"));
            }
            positions.sort();
            if positions.windows(2).any(|w| w[0].0 == w[1].0) {
                return Err(AnswerError::new("poll-error-rank-duplicate"));
            }
            Ok(Some(Answer::Ranking(
                positions.into_iter().map(|(_, id)| id).collect(),
            )))
        }
        QuestionKind::Dots { points } => {
            let mut given: Vec<(i32, u32)> = Vec::new();
            let mut total: u64 = 0;
            for o in &q.options {
                if let Some(raw) = fields.one(&q.option_field(o.id)) {
                    let n = raw
                        .parse::<u32>()
                        .map_err(|_| AnswerError::new("poll-error-dots-number"))?;
                    total += u64::from(n);
                    if n > 0 {
                        given.push((o.id.0, n));
                    }
                }
            }
            if total > u64::from(*points) {
                return Err(AnswerError::with(
                    "poll-error-dots-too-many",
                    &[("points", i64::from(*points)), ("given", total as i64)],
                ));
            }
            if given.is_empty() {
                return required();
            }
            Ok(Some(Answer::Dots(given)))
        }
        QuestionKind::FreeText => {
            let text = fields.raw(&q.field()).unwrap_or("").trim();
            if text.is_empty() {
                return required();
            }
            if text.chars().count() > MAX_TEXT_CHARS {
                return Err(AnswerError::with(
                    "poll-error-text-too-long",
                    &[("max", MAX_TEXT_CHARS as i64)],
                ));
            }
            let text: String = text
                .chars()
                .filter(|c| !c.is_control() || *c == '\n')
                .collect();
            Ok(Some(Answer::Text(text.replace("\r\n", "\n"))))
        }
        QuestionKind::YesNo => match fields.one(&q.field()) {
            None => required(),
            Some("yes") => Ok(Some(Answer::YesNo(true))),
            Some("no") => Ok(Some(Answer::YesNo(false))),
            Some(_) => Err(AnswerError::new("poll-error-yes-no")),
        },
    }
}

/// A whole answer set checked, or every question's problem at once.
pub type AnswerSet = HashMap<i32, Answer>;

/// Check every question's answer, collecting all the problems.
pub fn parse_answers(
    questions: &[Question],
    fields: &AnswerFields,
) -> Result<AnswerSet, Vec<(QuestionId, AnswerError)>> {
    let mut answers = HashMap::new();
    let mut errors = Vec::new();
    for q in questions {
        match parse_answer(q, fields) {
            Ok(Some(a)) => {
                answers.insert(q.id.0, a);
            }
            Ok(None) => {}
            Err(e) => errors.push((q.id, e)),
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// The order one person sees a question's options in: shuffled when the task asks for it,
/// the same on every visit (seeded by task, question and person), different between people.
pub fn options_for(question: &Question, task: TaskId, person: i32, shuffle: bool) -> Vec<Choice> {
    let mut options = question.options.clone();
    if !shuffle || options.len() < 2 {
        return options;
    }
    let seed = Sha256::digest(format!(
        "lupa-poll-order:{}:{}:{}",
        task.0, question.id.0, person
    ));
    let mut state = u64::from_le_bytes(seed[..8].try_into().unwrap_or([0; 8]));
    // Fisher–Yates with splitmix64: small, deterministic, and good enough to vary an order.
    for i in (1..options.len()).rev() {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let j = (z % (i as u64 + 1)) as usize;
        options.swap(i, j);
    }
    options
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

/// A question as typed in the task editor, before checking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuestionDraftInput {
    pub prompt: String,
    pub kind: String,
    pub required: bool,
    /// One option per line.
    pub options: String,
    pub min_picks: String,
    pub max_picks: String,
    pub scale_min: String,
    pub scale_max: String,
    pub scale_min_label: String,
    pub scale_max_label: String,
    pub points: String,
}

/// A checked question ready to be saved (options as labels, ids come from the database).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionDraft {
    pub prompt: String,
    pub kind: QuestionKind,
    pub required: bool,
    pub options: Vec<String>,
}

fn number<T: std::str::FromStr>(raw: &str, default: T) -> Result<T, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        Ok(default)
    } else {
        raw.parse().map_err(|_| "poll-error-number")
    }
}

impl QuestionDraftInput {
    /// Whether the editor slot was left empty (then it is skipped, not an error).
    pub fn is_blank(&self) -> bool {
        self.prompt.trim().is_empty() && self.options.trim().is_empty()
    }

    /// Check the question: a prompt, a known kind, sensible limits, and options where needed.
    pub fn parse(&self) -> Result<QuestionDraft, &'static str> {
        let prompt = self.prompt.trim();
        if prompt.is_empty() {
            return Err("poll-error-prompt-required");
        }
        if prompt.chars().count() > 500 {
            return Err("poll-error-prompt-too-long");
        }
        let mut options: Vec<String> = Vec::new();
        for line in self
            .options
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            if line.chars().count() > 200 {
                return Err("poll-error-option-too-long");
            }
            if !options.iter().any(|o| o == line) {
                options.push(line.to_owned());
            }
        }
        let kind = match self.kind.as_str() {
            "single" => QuestionKind::SingleChoice,
            "multiple" => {
                let min = number(&self.min_picks, 0u32)?;
                let max = number(&self.max_picks, options.len() as u32)?;
                if max == 0 || min > max || max as usize > options.len() {
                    return Err("poll-error-picks-range");
                }
                QuestionKind::MultipleChoice { min, max }
            }
            "scale" => {
                let min = number(&self.scale_min, 1i32)?;
                let max = number(&self.scale_max, 5i32)?;
                if min >= max || max - min > 10 || min < -10 || max > 100 {
                    return Err("poll-error-scale-bounds");
                }
                QuestionKind::Scale {
                    min,
                    max,
                    min_label: self.scale_min_label.trim().chars().take(100).collect(),
                    max_label: self.scale_max_label.trim().chars().take(100).collect(),
                }
            }
            "ranking" => QuestionKind::Ranking,
            "dots" => {
                let points = number(&self.points, 10u32)?;
                if !(1..=100).contains(&points) {
                    return Err("poll-error-points-range");
                }
                QuestionKind::Dots { points }
            }
            "text" => QuestionKind::FreeText,
            "yes_no" => QuestionKind::YesNo,
            _ => return Err("poll-error-kind"),
        };
        if kind.has_options() {
            if options.len() < 2 {
                return Err("poll-error-options-needed");
            }
            if options.len() > MAX_OPTIONS {
                return Err("poll-error-options-too-many");
            }
        } else {
            options.clear();
        }
        Ok(QuestionDraft {
            prompt: prompt.to_owned(),
            kind,
            required: self.required,
            options,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn question(kind: QuestionKind, required: bool) -> Question {
        Question {
            id: QuestionId(7),
            prompt: "Mitä?".into(),
            kind,
            required,
            options: (1..=4)
                .map(|i| Choice {
                    id: OptionId(i),
                    label: format!("Vaihtoehto {i}"),
                })
                .collect(),
        }
    }

    fn form(pairs: &[(&str, &str)]) -> AnswerFields {
        AnswerFields::from_pairs(pairs.iter().map(|(k, v)| (*k, *v)))
    }

    fn error_key(q: &Question, pairs: &[(&str, &str)]) -> &'static str {
        parse_answer(q, &form(pairs)).unwrap_err().key
    }

    #[test]
    fn single_choice_takes_exactly_one_known_option() {
        let q = question(QuestionKind::SingleChoice, true);
        assert_eq!(
            parse_answer(&q, &form(&[("q7", "2")])).unwrap(),
            Some(Answer::Single(2))
        );
        assert_eq!(error_key(&q, &[]), "poll-error-required");
        assert_eq!(error_key(&q, &[("q7", "9")]), "poll-error-unknown-option");
        assert_eq!(error_key(&q, &[("q7", "x")]), "poll-error-unknown-option");
        assert_eq!(
            error_key(&q, &[("q7", "1"), ("q7", "2")]),
            "poll-error-pick-one"
        );
    }

    #[test]
    fn optional_questions_may_be_left_blank() {
        for kind in [
            QuestionKind::SingleChoice,
            QuestionKind::MultipleChoice { min: 2, max: 3 },
            QuestionKind::Ranking,
            QuestionKind::Dots { points: 5 },
            QuestionKind::FreeText,
            QuestionKind::YesNo,
            QuestionKind::Scale {
                min: 1,
                max: 5,
                min_label: String::new(),
                max_label: String::new(),
            },
        ] {
            let q = question(kind, false);
            assert_eq!(parse_answer(&q, &form(&[("q7", "  ")])).unwrap(), None);
        }
    }

    #[test]
    fn multiple_choice_keeps_within_min_and_max_picks() {
        let q = question(QuestionKind::MultipleChoice { min: 2, max: 3 }, true);
        assert_eq!(
            parse_answer(&q, &form(&[("q7", "3"), ("q7", "1"), ("q7", "3")])).unwrap(),
            Some(Answer::Multiple(vec![1, 3]))
        );
        let few = parse_answer(&q, &form(&[("q7", "1")])).unwrap_err();
        assert_eq!(few.key, "poll-error-too-few-picks");
        assert_eq!(few.message(&Tr::new(Lang::En)), "Pick at least 2 options.");
        assert_eq!(
            error_key(&q, &[("q7", "1"), ("q7", "2"), ("q7", "3"), ("q7", "4")]),
            "poll-error-too-many-picks"
        );
    }

    #[test]
    fn scale_answers_stay_within_the_scale() {
        let q = question(
            QuestionKind::Scale {
                min: 1,
                max: 5,
                min_label: "huono".into(),
                max_label: "hyvä".into(),
            },
            true,
        );
        assert_eq!(
            parse_answer(&q, &form(&[("q7", "5")])).unwrap(),
            Some(Answer::Scale(5))
        );
        let e = parse_answer(&q, &form(&[("q7", "6")])).unwrap_err();
        assert_eq!(e.key, "poll-error-scale-range");
        assert_eq!(e.message(&Tr::new(Lang::Fi)), "Valitse luku väliltä 1–5.");
        assert_eq!(error_key(&q, &[("q7", "kolme")]), "poll-error-scale-range");
    }

    #[test]
    fn ranking_needs_every_option_in_a_distinct_place() {
        let q = question(QuestionKind::Ranking, true);
        let all = [
            ("q7_o1", "3"),
            ("q7_o2", "1"),
            ("q7_o3", "4"),
            ("q7_o4", "2"),
        ];
        assert_eq!(
            parse_answer(&q, &form(&all)).unwrap(),
            Some(Answer::Ranking(vec![2, 4, 1, 3]))
        );
        assert_eq!(
            error_key(&q, &[("q7_o1", "1"), ("q7_o2", "2")]),
            "poll-error-rank-all"
        );
        assert_eq!(
            error_key(
                &q,
                &[
                    ("q7_o1", "1"),
                    ("q7_o2", "1"),
                    ("q7_o3", "2"),
                    ("q7_o4", "3")
                ]
            ),
            "poll-error-rank-duplicate"
        );
        assert_eq!(error_key(&q, &[("q7_o1", "5")]), "poll-error-rank-range");
        assert_eq!(error_key(&q, &[]), "poll-error-required");
    }

    #[test]
    fn dots_may_not_exceed_the_budget() {
        let q = question(QuestionKind::Dots { points: 5 }, true);
        assert_eq!(
            parse_answer(&q, &form(&[("q7_o1", "3"), ("q7_o2", "0"), ("q7_o4", "2")])).unwrap(),
            Some(Answer::Dots(vec![(1, 3), (4, 2)]))
        );
        let e = parse_answer(&q, &form(&[("q7_o1", "4"), ("q7_o2", "2")])).unwrap_err();
        assert_eq!(e.key, "poll-error-dots-too-many");
        assert_eq!(
            e.message(&Tr::new(Lang::Sv)),
            "Du kan dela ut högst 5 poäng; nu gav du 6."
        );
        assert_eq!(error_key(&q, &[("q7_o1", "-1")]), "poll-error-dots-number");
        assert_eq!(error_key(&q, &[("q7_o1", "0")]), "poll-error-required");
    }

    #[test]
    fn free_text_is_trimmed_and_limited() {
        let q = question(QuestionKind::FreeText, true);
        assert_eq!(
            parse_answer(&q, &form(&[("q7", "  Hyvä palvelu\r\n ")])).unwrap(),
            Some(Answer::Text("Hyvä palvelu".into()))
        );
        assert_eq!(
            error_key(&q, &[("q7", &"a".repeat(MAX_TEXT_CHARS + 1))]),
            "poll-error-text-too-long"
        );
    }

    #[test]
    fn yes_no_takes_yes_or_no() {
        let q = question(QuestionKind::YesNo, true);
        assert_eq!(
            parse_answer(&q, &form(&[("q7", "no")])).unwrap(),
            Some(Answer::YesNo(false))
        );
        assert_eq!(error_key(&q, &[("q7", "maybe")]), "poll-error-yes-no");
    }

    #[test]
    fn all_problems_are_reported_at_once() {
        let mut a = question(QuestionKind::YesNo, true);
        a.id = QuestionId(1);
        let mut b = question(QuestionKind::FreeText, true);
        b.id = QuestionId(2);
        let errors = parse_answers(&[a, b], &form(&[])).unwrap_err();
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn stored_answers_fill_the_form_again() {
        let qs = vec![question(QuestionKind::Ranking, true)];
        let answers: AnswerSet = [(7, Answer::Ranking(vec![2, 4, 1, 3]))].into();
        let fields = AnswerFields::from_answers(&qs, &answers);
        assert_eq!(parse_answers(&qs, &fields).unwrap(), answers);
    }

    #[test]
    fn shuffled_order_is_stable_per_person_and_differs_between_people() {
        let mut q = question(QuestionKind::SingleChoice, true);
        q.options = (1..=8)
            .map(|i| Choice {
                id: OptionId(i),
                label: i.to_string(),
            })
            .collect();
        let first = options_for(&q, TaskId(3), 42, true);
        assert_eq!(first, options_for(&q, TaskId(3), 42, true));
        let others: Vec<_> = (1..20)
            .map(|p| options_for(&q, TaskId(3), p, true))
            .collect();
        assert!(others.iter().any(|o| *o != first));
        let mut sorted = first.clone();
        sorted.sort_by_key(|c| c.id);
        assert_eq!(sorted, q.options);
        assert_eq!(options_for(&q, TaskId(3), 42, false), q.options);
    }

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

    #[test]
    fn editor_questions_are_checked() {
        let input = |kind: &str, options: &str| QuestionDraftInput {
            prompt: "Kysymys".into(),
            kind: kind.into(),
            options: options.into(),
            ..Default::default()
        };
        assert_eq!(
            input("single", "a").parse(),
            Err("poll-error-options-needed")
        );
        assert_eq!(input("nope", "").parse(), Err("poll-error-kind"));
        let multi = QuestionDraftInput {
            min_picks: "3".into(),
            max_picks: "2".into(),
            ..input("multiple", "a\nb\nc")
        };
        assert_eq!(multi.parse(), Err("poll-error-picks-range"));
        let scale = input("scale", "").parse().unwrap();
        assert_eq!(
            scale.kind,
            QuestionKind::Scale {
                min: 1,
                max: 5,
                min_label: String::new(),
                max_label: String::new()
            }
        );
        assert_eq!(
            input("dots", "a\nb\n a ").parse().unwrap().options,
            vec!["a", "b"]
        );
        assert_eq!(input("text", "x\ny").parse().unwrap().options.len(), 0);
    }
}
