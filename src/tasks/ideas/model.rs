//! Ideas as typed values: the phases of an ideas task and its settings, the one parser of
//! the ideas task's form, of an idea and of a comment (shared by the pages and the JSON API),
//! who may see an idea, and how a merge carries votes over.
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::{
    error::FieldError,
    markdown::{self, SafeHtml},
    tasks::{
        answering::model::Answer,
        editing::model::CheckedTask,
        model::{
            Anonymity, Choice, OptionId, Question, QuestionId, QuestionKind, ResultsVisibility,
            Settings, TaskTitle, Window, parse_helsinki,
        },
    },
};

/// The question an ideas task's votes answer: its options are the ideas (option id = idea
/// id). It lives only in memory; no real question has id 0.
pub const VOTE_QUESTION: QuestionId = QuestionId(0);

/// Longest idea title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest idea description, in characters.
pub const MAX_BODY_CHARS: usize = 5_000;
/// Longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 2_000;
/// Most points a dot vote may hand out.
pub const MAX_POINTS: u32 = 100;

/// An idea's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdeaId(pub i32);

/// How members vote over the ideas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteMethod {
    /// Spread `points` among the ideas.
    Dots,
    /// Put every idea in order (Borda points: first of n earns n).
    Ranking,
}

impl VoteMethod {
    pub const ALL: [VoteMethod; 2] = [VoteMethod::Dots, VoteMethod::Ranking];
    pub fn parse(raw: &str) -> Option<VoteMethod> {
        match raw.trim() {
            "dots" => Some(VoteMethod::Dots),
            "ranking" => Some(VoteMethod::Ranking),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            VoteMethod::Dots => "dots",
            VoteMethod::Ranking => "ranking",
        }
    }
    pub fn label_key(self) -> &'static str {
        match self {
            VoteMethod::Dots => "ideas-method-dots",
            VoteMethod::Ranking => "ideas-method-ranking",
        }
    }
}

/// Where an ideas task is: ideas are collected, then voted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdeaPhase {
    Upcoming,
    Collecting,
    Voting,
    Closed,
}

impl IdeaPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            IdeaPhase::Upcoming => "upcoming",
            IdeaPhase::Collecting => "collecting",
            IdeaPhase::Voting => "voting",
            IdeaPhase::Closed => "closed",
        }
    }
    pub fn label_key(self) -> &'static str {
        match self {
            IdeaPhase::Upcoming => "ideas-phase-upcoming",
            IdeaPhase::Collecting => "ideas-phase-collecting",
            IdeaPhase::Voting => "ideas-phase-voting",
            IdeaPhase::Closed => "ideas-phase-closed",
        }
    }
}

/// An ideas task's own settings (beside the task's window, anonymity and result visibility).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdeaSettings {
    /// When collecting ends and voting begins.
    pub voting_opens_at: DateTime<Utc>,
    pub method: VoteMethod,
    /// Points each member spreads (dots).
    pub points: u32,
    /// Whether members see each other's ideas while they are collected.
    pub ideas_visible: bool,
}

impl IdeaSettings {
    /// The phase at `now` within the task's window: collecting from the opening to the voting
    /// day, voting from then to the closing.
    pub fn phase(&self, window: Window, now: DateTime<Utc>) -> IdeaPhase {
        if now < window.opens_at() {
            IdeaPhase::Upcoming
        } else if now < self.voting_opens_at {
            IdeaPhase::Collecting
        } else if now < window.closes_at() {
            IdeaPhase::Voting
        } else {
            IdeaPhase::Closed
        }
    }

    /// The kind of the vote question.
    pub fn vote_kind(&self) -> QuestionKind {
        match self.method {
            VoteMethod::Dots => QuestionKind::Dots {
                points: self.points,
            },
            VoteMethod::Ranking => QuestionKind::Ranking,
        }
    }

    /// Whether members see everyone's (visible) ideas in `phase`: always when the task says
    /// so, and for every task once voting begins (a ballot shows them all).
    pub fn others_shown(&self, phase: IdeaPhase) -> bool {
        self.ideas_visible || phase >= IdeaPhase::Voting
    }
}

impl IdeaSettings {
    /// The settings of a copy of the task (the next round) opening at `opens` and closing at
    /// `closes`: the same, with the voting day as far from the opening as the original's was.
    pub fn for_copy(
        &self,
        original_opens: DateTime<Utc>,
        opens: DateTime<Utc>,
        closes: DateTime<Utc>,
    ) -> IdeaSettings {
        let collecting = self.voting_opens_at - original_opens;
        IdeaSettings {
            voting_opens_at: (opens + collecting).min(closes - chrono::Duration::seconds(1)),
            ..*self
        }
    }
}

/// Whether an idea is on the ballot: visible and not merged into another.
pub fn on_ballot(row: &crate::entities::tasks::idea::Model) -> bool {
    IdeaState::parse(&row.state).is_visible() && row.merged_into_id.is_none()
}

/// The ballot of an ideas task titled `title`: its ideas on the ballot as the options of the
/// vote question (option id = idea id), asked as its settings say.
pub fn ballot(
    title: &str,
    settings: &IdeaSettings,
    ideas: Vec<crate::entities::tasks::idea::Model>,
) -> Question {
    Question {
        id: VOTE_QUESTION,
        prompt: title.to_owned(),
        kind: settings.vote_kind(),
        required: true,
        options: ideas
            .into_iter()
            .filter(on_ballot)
            .map(|i| Choice {
                id: OptionId(i.id),
                label: i.title,
            })
            .collect(),
    }
}

/// The moderation state of an idea or a comment, in the moderation feature's words.
pub use crate::moderation::model::ModerationState as IdeaState;

/// Whether a reader sees an idea: facilitators see every idea; its credited authors see their
/// own whatever its state; everyone else sees a visible idea once others' ideas are shown.
pub fn idea_shown_to(
    state: IdeaState,
    others_shown: bool,
    facilitator: bool,
    credited: bool,
) -> bool {
    facilitator || credited || (state.is_visible() && others_shown)
}

// ----- The ideas task's form -----

/// The ideas task's form as typed (the page's fields; the API maps its JSON onto it).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct IdeaTaskForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub intro: String,
    /// Helsinki wall-clock time, `YYYY-MM-DDTHH:MM`.
    #[serde(default)]
    pub opens_at: String,
    #[serde(default)]
    pub voting_opens_at: String,
    #[serde(default)]
    pub closes_at: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    pub anonymous: Option<String>,
    #[serde(default)]
    pub results: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub points: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    pub ideas_visible: Option<String>,
}

impl IdeaTaskForm {
    pub fn is_anonymous(&self) -> bool {
        self.anonymous.is_some()
    }
    pub fn shows_ideas(&self) -> bool {
        self.ideas_visible.is_some()
    }
}

/// A checked ideas task: the task as every task is stored, and its ideas settings.
#[derive(Clone, Debug)]
pub struct NewIdeaTask {
    pub task: CheckedTask,
    pub ideas: IdeaSettings,
}

fn time(errors: &mut Vec<FieldError>, field: &'static str, raw: &str) -> Option<DateTime<Utc>> {
    parse_helsinki(raw)
        .map_err(|key| errors.push(FieldError::new(field, key)))
        .ok()
}

impl NewIdeaTask {
    /// Check the whole form, naming every bad field at once.
    pub fn parse(form: &IdeaTaskForm) -> Result<NewIdeaTask, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = TaskTitle::parse(&form.title)
            .map_err(|key| errors.push(FieldError::new("title", key)))
            .ok();
        let intro_md = crate::text::clean(&form.intro).trim().replace("\r\n", "\n");
        let intro_html = markdown::render(&intro_md)
            .map_err(|e| errors.push(crate::blog::service::markdown_field_error("intro", &e)))
            .ok();
        let opens = time(&mut errors, "opens_at", &form.opens_at);
        let voting = time(&mut errors, "voting_opens_at", &form.voting_opens_at);
        let closes = time(&mut errors, "closes_at", &form.closes_at);
        let window = match (opens, voting, closes) {
            (Some(o), Some(v), Some(c)) => {
                if v <= o {
                    errors.push(FieldError::new(
                        "voting_opens_at",
                        "ideas-error-voting-before-opening",
                    ));
                    None
                } else if c <= v {
                    errors.push(FieldError::new(
                        "closes_at",
                        "ideas-error-closes-before-voting",
                    ));
                    None
                } else {
                    Window::new(o, c).ok().map(|w| (w, v))
                }
            }
            _ => None,
        };
        let results = ResultsVisibility::parse(form.results.trim());
        if results.is_none() {
            errors.push(FieldError::new("results", "poll-error-results"));
        }
        let method = VoteMethod::parse(&form.method);
        if method.is_none() {
            errors.push(FieldError::new("method", "ideas-error-method"));
        }
        let points = match method {
            Some(VoteMethod::Dots) => match form.points.trim().parse::<u32>() {
                Ok(n) if (1..=MAX_POINTS).contains(&n) => Some(n),
                _ => {
                    errors.push(FieldError {
                        field: "points".into(),
                        message_key: "ideas-error-points",
                        args: vec![("max", i64::from(MAX_POINTS))],
                    });
                    None
                }
            },
            // Ranking hands out no points of its own; the stored number is kept for a switch
            // back to dots.
            _ => Some(
                form.points
                    .trim()
                    .parse::<u32>()
                    .unwrap_or(10)
                    .clamp(1, MAX_POINTS),
            ),
        };
        match (title, intro_html, window, results, method, points) {
            (
                Some(title),
                Some(intro_html),
                Some((window, voting_opens_at)),
                Some(results),
                Some(method),
                Some(points),
            ) if errors.is_empty() => Ok(NewIdeaTask {
                task: CheckedTask {
                    title,
                    intro_md,
                    intro_html,
                    window,
                    settings: Settings {
                        anonymity: Anonymity::from_flag(form.is_anonymous()),
                        results,
                        shuffle: false,
                    },
                    aim: crate::tasks::aim::Aim::Everyone,
                    questions: Vec::new(),
                },
                ideas: IdeaSettings {
                    voting_opens_at,
                    method,
                    points,
                    ideas_visible: form.shows_ideas(),
                },
            }),
            _ => Err(errors),
        }
    }
}

impl NewIdeaTask {
    /// What of the task becomes fixed as it goes.
    pub fn fixed_parts(&self) -> FixedParts {
        FixedParts {
            opens_at: self.task.window.opens_at(),
            settings: self.task.settings,
            ideas: self.ideas,
        }
    }
}

/// The parts of an ideas task that stop changing once members have seen them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedParts {
    pub opens_at: DateTime<Utc>,
    pub settings: Settings,
    pub ideas: IdeaSettings,
}

/// Check an edit of an ideas task in `phase`: before opening anything goes; once open the
/// opening, anonymity, result visibility and whether ideas are shown stay as members saw
/// them; once voting began the voting day and the voting method stay too.
pub fn check_change(phase: IdeaPhase, old: FixedParts, new: FixedParts) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if phase == IdeaPhase::Upcoming {
        return errors;
    }
    let (old_ideas, new_ideas) = (old.ideas, new.ideas);
    if old.opens_at != new.opens_at {
        errors.push(FieldError::new("opens_at", "poll-error-opening-fixed"));
    }
    if old.settings.anonymity != new.settings.anonymity
        || old.settings.results != new.settings.results
        || old_ideas.ideas_visible != new_ideas.ideas_visible
    {
        errors.push(FieldError::new("settings", "poll-error-settings-fixed"));
    }
    if phase >= IdeaPhase::Voting {
        if old_ideas.voting_opens_at != new_ideas.voting_opens_at {
            errors.push(FieldError::new(
                "voting_opens_at",
                "ideas-error-voting-fixed",
            ));
        }
        if old_ideas.method != new_ideas.method
            || (new_ideas.method == VoteMethod::Dots && old_ideas.points != new_ideas.points)
        {
            errors.push(FieldError::new("method", "ideas-error-method-fixed"));
        }
    }
    errors
}

// ----- Ideas and comments -----

/// An idea as typed (pages and API alike).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct IdeaForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
}

/// A checked idea: a one-line title and a Markdown description rendered by the one renderer.
#[derive(Clone, Debug)]
pub struct IdeaText {
    pub title: String,
    pub body_md: String,
    pub body_html: SafeHtml,
}

impl IdeaText {
    pub fn parse(form: &IdeaForm) -> Result<IdeaText, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = crate::text::one_line(&form.title);
        if title.is_empty() {
            errors.push(FieldError::new("title", "field-required"));
        } else if title.chars().count() > MAX_TITLE_CHARS {
            errors.push(FieldError::new("title", "ideas-error-title-too-long"));
        }
        let body = markdown_text(
            &form.body,
            MAX_BODY_CHARS,
            "body",
            "ideas-error-body-too-long",
        );
        match body {
            Ok((body_md, body_html)) if errors.is_empty() => Ok(IdeaText {
                title,
                body_md,
                body_html,
            }),
            Ok(_) => Err(errors),
            Err(e) => {
                errors.push(e);
                Err(errors)
            }
        }
    }
}

/// A comment as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    pub body: String,
}

/// A checked comment: 1–2,000 characters of Markdown.
#[derive(Clone, Debug)]
pub struct CommentText {
    pub body_md: String,
    pub body_html: SafeHtml,
}

impl CommentText {
    pub fn parse(form: &CommentForm) -> Result<CommentText, Vec<FieldError>> {
        let (body_md, body_html) = markdown_text(
            &form.body,
            MAX_COMMENT_CHARS,
            "body",
            "ideas-error-comment-too-long",
        )
        .map_err(|e| vec![e])?;
        if body_md.is_empty() {
            return Err(vec![FieldError::new("body", "field-required")]);
        }
        Ok(CommentText { body_md, body_html })
    }
}

/// Markdown cleaned of control characters, within `max` characters, and rendered.
fn markdown_text(
    raw: &str,
    max: usize,
    field: &'static str,
    too_long: &'static str,
) -> Result<(String, SafeHtml), FieldError> {
    let source = crate::text::clean(raw).trim().replace("\r\n", "\n");
    if source.chars().count() > max {
        return Err(FieldError {
            field: field.into(),
            message_key: too_long,
            args: vec![("max", max as i64)],
        });
    }
    let html = markdown::render(&source)
        .map_err(|e| crate::blog::service::markdown_field_error(field, &e))?;
    Ok((source, html))
}

/// What a facilitator does to an idea or comment in moderation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moderation {
    /// A held one becomes visible.
    Approve,
    /// Hidden from everyone but its author and the facilitators.
    Hide,
    /// A hidden one becomes visible again.
    Show,
}

impl Moderation {
    pub fn parse(raw: &str) -> Option<Moderation> {
        match raw.trim() {
            "approve" => Some(Moderation::Approve),
            "hide" => Some(Moderation::Hide),
            "show" => Some(Moderation::Show),
            _ => None,
        }
    }
    /// The state it leads to.
    pub fn state(self) -> IdeaState {
        match self {
            Moderation::Approve | Moderation::Show => IdeaState::Visible,
            Moderation::Hide => IdeaState::Hidden,
        }
    }
}

/// A facilitator's move of the phase, by changing the task's times to now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhaseChange {
    /// An upcoming task opens for ideas now.
    Collect,
    /// Collecting ends and voting begins now.
    Vote,
    /// Voting ends now.
    Close,
}

impl PhaseChange {
    /// The phase asked for: `collecting`, `voting` or `closed`.
    pub fn parse(raw: &str) -> Option<PhaseChange> {
        match raw.trim() {
            "collecting" => Some(PhaseChange::Collect),
            "voting" => Some(PhaseChange::Vote),
            "closed" => Some(PhaseChange::Close),
            _ => None,
        }
    }

    /// The phase the change starts from.
    pub fn from_phase(self) -> IdeaPhase {
        match self {
            PhaseChange::Collect => IdeaPhase::Upcoming,
            PhaseChange::Vote => IdeaPhase::Collecting,
            PhaseChange::Close => IdeaPhase::Voting,
        }
    }

    /// The new (opening, voting day, closing) for a task at (`opens`, `voting`, `closes`):
    /// the moment that begins the next phase becomes `now`, and a later one is pushed past
    /// it (by a second) if it would otherwise come first.
    pub fn times(
        self,
        (opens, voting, closes): (DateTime<Utc>, DateTime<Utc>, DateTime<Utc>),
        now: DateTime<Utc>,
    ) -> (DateTime<Utc>, DateTime<Utc>, DateTime<Utc>) {
        let after = |t: DateTime<Utc>, floor: DateTime<Utc>| {
            if t > floor {
                t
            } else {
                floor + chrono::Duration::seconds(1)
            }
        };
        match self {
            PhaseChange::Collect => {
                let voting = after(voting, now);
                (now, voting, after(closes, voting))
            }
            PhaseChange::Vote => (opens, now, after(closes, now)),
            PhaseChange::Close => (opens, voting, now),
        }
    }
}

/// A merged duplicate's vote moved onto the idea it joined: dots are added together, and in
/// a ranking the idea keeps the better of the two places (the other place closes up), so a
/// vote stays a valid vote over the ideas that remain.
pub fn carry_vote(answer: &Answer, duplicate: IdeaId, into: IdeaId) -> Answer {
    match answer {
        Answer::Dots(points) => {
            let moved: u32 = points
                .iter()
                .filter(|(id, _)| *id == duplicate.0)
                .map(|(_, n)| *n)
                .sum();
            let mut out: Vec<(i32, u32)> = points
                .iter()
                .filter(|(id, _)| *id != duplicate.0)
                .copied()
                .collect();
            if moved > 0 {
                match out.iter_mut().find(|(id, _)| *id == into.0) {
                    Some(entry) => entry.1 += moved,
                    None => out.push((into.0, moved)),
                }
            }
            Answer::Dots(out)
        }
        Answer::Ranking(order) => {
            let mut out: Vec<i32> = Vec::with_capacity(order.len());
            for id in order {
                let id = if *id == duplicate.0 { into.0 } else { *id };
                if !out.contains(&id) {
                    out.push(id);
                }
            }
            Answer::Ranking(out)
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn form() -> IdeaTaskForm {
        IdeaTaskForm {
            title: "Ideoita asiointiin".into(),
            intro: "Mitä parantaisitte?".into(),
            opens_at: "2027-03-01T09:00".into(),
            voting_opens_at: "2027-03-15T09:00".into(),
            closes_at: "2027-03-22T16:00".into(),
            anonymous: None,
            results: "after_answering".into(),
            method: "dots".into(),
            points: "10".into(),
            ideas_visible: Some("on".into()),
        }
    }

    #[test]
    fn phases_follow_the_three_times() {
        let new = NewIdeaTask::parse(&form()).unwrap();
        let w = new.task.window;
        let s = new.ideas;
        assert_eq!(s.phase(w, at("2027-03-01T06:59:59Z")), IdeaPhase::Upcoming);
        assert_eq!(
            s.phase(w, at("2027-03-01T07:00:00Z")),
            IdeaPhase::Collecting
        );
        assert_eq!(s.phase(w, at("2027-03-15T07:00:00Z")), IdeaPhase::Voting);
        assert_eq!(s.phase(w, at("2027-03-22T14:00:00Z")), IdeaPhase::Closed);
        assert!(
            !IdeaSettings {
                ideas_visible: false,
                ..s
            }
            .others_shown(IdeaPhase::Collecting)
        );
        assert!(
            IdeaSettings {
                ideas_visible: false,
                ..s
            }
            .others_shown(IdeaPhase::Voting)
        );
    }

    #[test]
    fn the_form_names_every_bad_field() {
        let bad = IdeaTaskForm {
            title: " ".into(),
            voting_opens_at: "2027-02-01T09:00".into(),
            results: "sometimes".into(),
            method: "dots".into(),
            points: "0".into(),
            ..form()
        };
        let errors = NewIdeaTask::parse(&bad).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.to_string()).collect();
        assert_eq!(
            fields,
            ["title", "voting_opens_at", "results", "points"],
            "{errors:?}"
        );
        let late = IdeaTaskForm {
            closes_at: "2027-03-10T09:00".into(),
            method: "vote".into(),
            ..form()
        };
        let fields: Vec<_> = NewIdeaTask::parse(&late)
            .unwrap_err()
            .iter()
            .map(|e| e.field.to_string())
            .collect();
        assert_eq!(fields, ["closes_at", "method"]);
    }

    #[test]
    fn settings_members_saw_stay_once_open_and_the_vote_once_voting() {
        let old = NewIdeaTask::parse(&form()).unwrap();
        let hidden = NewIdeaTask::parse(&IdeaTaskForm {
            ideas_visible: None,
            method: "ranking".into(),
            ..form()
        })
        .unwrap();
        let (o, n) = (old.fixed_parts(), hidden.fixed_parts());
        assert!(check_change(IdeaPhase::Upcoming, o, n).is_empty());
        let collecting: Vec<_> = check_change(IdeaPhase::Collecting, o, n)
            .into_iter()
            .map(|e| e.field.to_string())
            .collect();
        assert_eq!(collecting, ["settings"]);
        let ranking = FixedParts {
            ideas: IdeaSettings {
                method: VoteMethod::Ranking,
                ..o.ideas
            },
            ..o
        };
        let voting: Vec<_> = check_change(IdeaPhase::Voting, o, ranking)
            .into_iter()
            .map(|e| e.field.to_string())
            .collect();
        assert_eq!(voting, ["method"]);
    }

    #[test]
    fn ideas_and_comments_need_text_within_their_limits() {
        let errors = IdeaText::parse(&IdeaForm {
            title: "".into(),
            body: "x".repeat(MAX_BODY_CHARS + 1),
        })
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.to_string()).collect();
        assert_eq!(fields, ["title", "body"]);
        let ok = IdeaText::parse(&IdeaForm {
            title: " Chat-palvelu\niltaisin ".into(),
            body: "Moni yrittäjä hoitaa asiat **illalla**.".into(),
        })
        .unwrap();
        assert_eq!(ok.title, "Chat-palvelu iltaisin");
        assert!(ok.body_html.as_str().contains("<strong>illalla</strong>"));
        assert!(CommentText::parse(&CommentForm { body: "  ".into() }).is_err());
        let hostile = CommentText::parse(&CommentForm {
            body: "<script>alert(1)</script> hyvä".into(),
        })
        .unwrap();
        assert!(!hostile.body_html.as_str().contains("<script"));
    }

    #[test]
    fn who_sees_an_idea() {
        use IdeaState::{Held, Visible};
        // (state, others shown, facilitator, credited, sees)
        let table = [
            (Visible, true, false, false, true),
            (Visible, false, false, false, false),
            (Visible, false, false, true, true),
            (Held, true, false, false, false),
            (Held, true, false, true, true),
            (Held, false, true, false, true),
        ];
        for (state, shown, facilitator, credited, sees) in table {
            assert_eq!(
                idea_shown_to(state, shown, facilitator, credited),
                sees,
                "{state:?} {shown} {facilitator} {credited}"
            );
        }
    }

    #[test]
    fn a_merge_carries_dots_over_and_keeps_the_better_place_in_a_ranking() {
        let (dup, into) = (IdeaId(7), IdeaId(3));
        assert_eq!(
            carry_vote(&Answer::Dots(vec![(3, 2), (7, 4), (9, 1)]), dup, into),
            Answer::Dots(vec![(3, 6), (9, 1)])
        );
        assert_eq!(
            carry_vote(&Answer::Dots(vec![(7, 5)]), dup, into),
            Answer::Dots(vec![(3, 5)])
        );
        assert_eq!(
            carry_vote(&Answer::Ranking(vec![9, 7, 3, 1]), dup, into),
            Answer::Ranking(vec![9, 3, 1])
        );
        assert_eq!(
            carry_vote(&Answer::Ranking(vec![3, 9, 7]), dup, into),
            Answer::Ranking(vec![3, 9])
        );
    }

    #[test]
    fn a_copy_votes_as_long_after_its_opening_as_the_original() {
        let new = NewIdeaTask::parse(&form()).unwrap();
        let (o, c) = (new.task.window.opens_at(), new.task.window.closes_at());
        let later = chrono::Duration::days(100);
        let copy = new.ideas.for_copy(o, o + later, c + later);
        assert_eq!(copy.voting_opens_at, new.ideas.voting_opens_at + later);
        assert_eq!(
            (copy.method, copy.points),
            (new.ideas.method, new.ideas.points)
        );
        // A copy shorter than the collecting time still votes before it closes.
        let short = new
            .ideas
            .for_copy(o, o + later, o + later + chrono::Duration::days(1));
        assert!(short.voting_opens_at < o + later + chrono::Duration::days(1));
    }

    #[test]
    fn a_phase_change_moves_the_times_to_now() {
        let (o, v, c) = (
            at("2027-03-01T07:00:00Z"),
            at("2027-03-15T07:00:00Z"),
            at("2027-03-22T14:00:00Z"),
        );
        let now = at("2027-03-20T10:00:00Z");
        assert_eq!(PhaseChange::Close.times((o, v, c), now), (o, v, now));
        let early = at("2027-03-05T10:00:00Z");
        assert_eq!(PhaseChange::Vote.times((o, v, c), early), (o, early, c));
        // Voting started after the planned closing: the closing moves just past it.
        let (_, voting, closes) = PhaseChange::Vote.times((o, v, c), at("2027-03-23T10:00:00Z"));
        assert!(closes > voting);
    }
}
