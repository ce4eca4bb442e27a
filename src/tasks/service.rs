//! The use cases of tasks: writing and duplicating them, answering (atomically, once per
//! member), and deciding who sees results when. Every function that depends on the time
//! takes `now`, so tests state the moment instead of waiting for it.
//!
//! Anonymity: an anonymous task stores its answer sets without a respondent or a time and
//! records separately, in `poll_participations`, only *that* a member has answered. Nothing
//! connects the two, so nobody — admins and exports included — can tell whose answers are
//! whose. The price is that an anonymous answer cannot be edited: to find "your" answer set
//! again the system would need exactly the link it refuses to keep. (A secret kept only in
//! the member's session was considered and rejected: it is lost on signing out, and while it
//! lives, anyone holding the session can read the answers back.) Named tasks keep the
//! respondent on the answer set and may be edited until closing.
use std::collections::HashMap;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
};

use crate::{
    db::begin_write,
    entities::tasks::{answer_set, task},
    error::AppError,
    panels::{
        access::{self, MemberCompany, PanelAccess, PanelRole},
        model::PanelId,
    },
    tasks::{
        aim,
        answering::model::{AnswerError, AnswerFields, AnswerSet, parse_answers},
        editing::model::{
            CheckedTask, Door, Problem, Problems, QuestionDraft, QuestionDraftInput, TaskField,
            TaskInput,
        },
        ideas::{
            self,
            model::{IdeaPhase, IdeaSettings},
        },
        model::{
            Anonymity, Phase, Question, QuestionId, ResultsVisibility, Settings, TaskId, Viewer,
            Window, check_settings_change, results_visible,
        },
        results::{
            CompanyFacts, Response,
            rounds::{RoundData, RoundInfo},
        },
        store,
    },
};

/// A task with its questions. An ideas task (`ideas` is `Some`) has one question, asked
/// only in memory: its vote over the ideas (`ideas::service::ballot`).
#[derive(Clone, Debug)]
pub struct TaskView {
    pub row: task::Model,
    pub questions: Vec<Question>,
    pub ideas: Option<IdeaSettings>,
}

impl TaskView {
    pub fn id(&self) -> TaskId {
        TaskId(self.row.id)
    }
    pub fn window(&self) -> Window {
        Window::new(self.row.opens_at, self.row.closes_at).unwrap_or_else(|_| {
            // A stored task always closes after it opens; this only guards the type.
            Window::new(self.row.opens_at, self.row.opens_at + Duration::seconds(1))
                .expect("one second later is later")
        })
    }
    pub fn phase(&self, now: DateTime<Utc>) -> Phase {
        self.window().phase(now)
    }
    /// Whether the task takes answers at `now`: while open, and for an ideas task only while
    /// its ideas are voted on.
    pub fn takes_answers(&self, now: DateTime<Utc>) -> bool {
        match &self.ideas {
            Some(s) => s.phase(self.window(), now) == IdeaPhase::Voting,
            None => self.phase(now) == Phase::Open,
        }
    }
    pub fn anonymity(&self) -> Anonymity {
        Anonymity::from_flag(self.row.anonymous)
    }
    /// Who the task is aimed at.
    pub fn aim(&self) -> aim::Aim {
        aim::Aim::of(&self.row)
    }
    pub fn results_visibility(&self) -> ResultsVisibility {
        store::results_visibility(&self.row)
    }
    pub fn settings(&self) -> Settings {
        Settings {
            anonymity: self.anonymity(),
            results: self.results_visibility(),
            shuffle: self.row.shuffle_options,
        }
    }
    /// Whether a content reader in `role` (`None`: a reader of an open panel who is not a
    /// member) who has or has not answered may see the results at `now`.
    pub fn results_visible_to(
        &self,
        role: Option<PanelRole>,
        answered: bool,
        now: DateTime<Utc>,
    ) -> bool {
        results_visible(
            self.results_visibility(),
            self.phase(now),
            Viewer {
                facilitator: role.is_some_and(PanelRole::is_facilitator),
                answered,
            },
        )
    }
}

/// Load a task of a panel with its questions.
pub async fn task_view(
    db: &impl ConnectionTrait,
    panel: PanelId,
    task_id: i32,
) -> Result<Option<TaskView>, DbErr> {
    let Some(row) = store::task_in_panel(db, panel.0, task_id).await? else {
        return Ok(None);
    };
    let ideas = ideas::store::settings(db, row.id).await?;
    let questions = match &ideas {
        Some(settings) => vec![ideas::model::ballot(
            &row.title,
            settings,
            ideas::store::ideas_of(db, row.id).await?,
        )],
        None => store::questions_of(db, row.id).await?,
    };
    Ok(Some(TaskView {
        row,
        questions,
        ideas,
    }))
}

/// Load a task as this reader of the panel sees it: `None` when there is no such task or it
/// is aimed at others (a task not aimed at a reader does not exist for them).
pub async fn task_for(
    db: &impl ConnectionTrait,
    access: &PanelAccess,
    task_id: i32,
) -> Result<Option<TaskView>, DbErr> {
    let Some(view) = task_view(db, access.id(), task_id).await? else {
        return Ok(None);
    };
    if !aim::audience(db, access).await?.sees(&view.row) {
        return Ok(None);
    }
    Ok(Some(view))
}

/// The panel's tasks this reader sees, the most recently opening first.
pub async fn tasks_seen(
    db: &impl ConnectionTrait,
    access: &PanelAccess,
) -> Result<Vec<task::Model>, DbErr> {
    let audience = aim::audience(db, access).await?;
    Ok(audience.filter(store::tasks_of_panel(db, access.panel.id).await?))
}

/// Check a task typed into the editor (blank question rows skipped); the API checks with
/// `TaskInput::check(Door::Api)`.
pub fn check_task(input: &TaskInput) -> Result<CheckedTask, Problems> {
    input.check(Door::Editor)
}

/// Why a task could not be written or answered.
#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    #[error("the task is not open")]
    NotOpen,
    #[error("already answered")]
    AlreadyAnswered,
    #[error("only members answer")]
    NotAMember,
    #[error("answers have problems")]
    Invalid(Vec<(QuestionId, AnswerError)>),
    #[error("the task's settings are fixed")]
    Fixed(Problems),
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<TaskError> for AppError {
    fn from(e: TaskError) -> Self {
        match e {
            TaskError::NotOpen => AppError::BadRequest("poll-error-not-open"),
            TaskError::AlreadyAnswered => AppError::BadRequest("poll-error-already-answered"),
            TaskError::NotAMember => AppError::Forbidden,
            TaskError::Invalid(_) | TaskError::Fixed(_) => AppError::BadRequest("error-validation"),
            TaskError::Db(e) => e.into(),
        }
    }
}

/// Create a task in a panel.
#[tracing::instrument(skip_all, fields(panel = panel.0))]
pub async fn create_task(
    db: &DatabaseConnection,
    panel: PanelId,
    author_id: i32,
    checked: CheckedTask,
    now: DateTime<Utc>,
) -> Result<task::Model, TaskError> {
    check_aim(db, panel, &checked).await?;
    let txn = begin_write(db).await?;
    let saved = insert_task(&txn, panel, author_id, checked, now).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Refuse an aim at a list of members that names someone not seated in the panel.
async fn check_aim(
    db: &DatabaseConnection,
    panel: PanelId,
    checked: &CheckedTask,
) -> Result<(), TaskError> {
    if aim::names_only_members(db, panel, &checked.aim).await? {
        return Ok(());
    }
    Err(TaskError::Fixed(vec![Problem {
        field: TaskField::Aim,
        key: "aim-error-not-members",
    }]))
}

/// Insert a task with its questions in the caller's transaction, and queue it for search
/// (an ideas task adds its own settings in the same transaction).
pub(crate) async fn insert_task(
    txn: &impl ConnectionTrait,
    panel: PanelId,
    author_id: i32,
    checked: CheckedTask,
    now: DateTime<Utc>,
) -> Result<task::Model, DbErr> {
    let saved = task::ActiveModel {
        panel_id: Set(panel.0),
        title: Set(checked.title.as_str().to_owned()),
        intro_md: Set(checked.intro_md),
        intro_html: Set(checked.intro_html.into_string()),
        opens_at: Set(checked.window.opens_at()),
        closes_at: Set(checked.window.closes_at()),
        anonymous: Set(checked.settings.anonymity.is_anonymous()),
        results_visibility: Set(checked.settings.results.as_str().to_owned()),
        shuffle_options: Set(checked.settings.shuffle),
        aim_kind: Set(checked.aim.kind().to_owned()),
        aim_values: Set(checked.aim.values_text()),
        created_by: Set(author_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    store::replace_questions(txn, saved.id, &checked.questions).await?;
    crate::search::outbox::enqueue(txn, crate::search::outbox::Change::Task(saved.id)).await?;
    Ok(saved)
}

/// Edit a task. Before it opens everything may change. Once open, only the title, the
/// introduction and the closing time may: the settings, the opening time and the questions
/// stay as members saw them (an anonymous task can never become named).
#[tracing::instrument(skip_all, fields(task = existing.row.id))]
pub async fn update_task(
    db: &DatabaseConnection,
    existing: &TaskView,
    checked: CheckedTask,
    now: DateTime<Utc>,
) -> Result<task::Model, TaskError> {
    if existing.ideas.is_some() {
        // An ideas task has no questions to write; its own editor changes it.
        return Err(TaskError::Fixed(vec![Problem {
            field: TaskField::Questions,
            key: "ideas-error-not-a-survey",
        }]));
    }
    let phase = existing.phase(now);
    let mut problems: Problems = Vec::new();
    if let Err(k) = check_settings_change(phase, existing.settings(), checked.settings) {
        problems.push(Problem {
            field: TaskField::Settings,
            key: k,
        });
    }
    // The aim is a setting too: it may change until the task opens.
    if phase != Phase::Upcoming && existing.aim() != checked.aim {
        problems.push(Problem {
            field: TaskField::Aim,
            key: "poll-error-settings-fixed",
        });
    } else if existing.aim() != checked.aim {
        match check_aim(db, PanelId(existing.row.panel_id), &checked).await {
            Ok(()) => {}
            Err(TaskError::Fixed(p)) => problems.extend(p),
            Err(e) => return Err(e),
        }
    }
    if phase != Phase::Upcoming {
        if checked.window.opens_at() != existing.row.opens_at {
            problems.push(Problem {
                field: TaskField::OpensAt,
                key: "poll-error-opening-fixed",
            });
        }
        if !same_questions(&existing.questions, &checked.questions) {
            problems.push(Problem {
                field: TaskField::Questions,
                key: "poll-error-questions-fixed",
            });
        }
    }
    if !problems.is_empty() {
        return Err(TaskError::Fixed(problems));
    }
    let txn = begin_write(db).await?;
    let saved = save_task_fields(&txn, &existing.row, &checked, now).await?;
    if phase == Phase::Upcoming {
        store::replace_questions(&txn, saved.id, &checked.questions).await?;
    }
    crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Task(saved.id)).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Write a task's title, introduction, times and settings (not its questions) in the
/// caller's transaction.
pub(crate) async fn save_task_fields(
    txn: &impl ConnectionTrait,
    row: &task::Model,
    checked: &CheckedTask,
    now: DateTime<Utc>,
) -> Result<task::Model, DbErr> {
    let mut active: task::ActiveModel = row.clone().into();
    active.title = Set(checked.title.as_str().to_owned());
    active.intro_md = Set(checked.intro_md.clone());
    active.intro_html = Set(checked.intro_html.as_str().to_owned());
    active.opens_at = Set(checked.window.opens_at());
    active.closes_at = Set(checked.window.closes_at());
    active.anonymous = Set(checked.settings.anonymity.is_anonymous());
    active.results_visibility = Set(checked.settings.results.as_str().to_owned());
    active.shuffle_options = Set(checked.settings.shuffle);
    active.aim_kind = Set(checked.aim.kind().to_owned());
    active.aim_values = Set(checked.aim.values_text());
    active.updated_at = Set(now);
    active.update(txn).await
}

/// Whether the editor's questions are the ones the task already has.
fn same_questions(existing: &[Question], drafts: &[QuestionDraft]) -> bool {
    existing.len() == drafts.len()
        && existing.iter().zip(drafts).all(|(q, d)| {
            q.prompt == d.prompt
                && q.kind == d.kind
                && q.required == d.required
                && q.options.iter().map(|o| &o.label).eq(d.options.iter())
        })
}

/// The editor input that reproduces a task (for editing and duplicating).
pub fn input_of(view: &TaskView) -> TaskInput {
    use super::model::{QuestionKind, helsinki_input};
    TaskInput {
        title: view.row.title.clone(),
        intro: view.row.intro_md.clone(),
        opens_at: helsinki_input(&view.row.opens_at),
        closes_at: helsinki_input(&view.row.closes_at),
        anonymous: view.row.anonymous,
        results: view.row.results_visibility.clone(),
        shuffle: view.row.shuffle_options,
        aim_kind: view.row.aim_kind.clone(),
        aim_values: view.aim().values(),
        questions: view
            .questions
            .iter()
            .map(|q| {
                let mut input = QuestionDraftInput {
                    prompt: q.prompt.clone(),
                    kind: q.kind.code().to_owned(),
                    required: q.required,
                    options: q
                        .options
                        .iter()
                        .map(|o| o.label.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                    ..Default::default()
                };
                match &q.kind {
                    QuestionKind::MultipleChoice { min, max } => {
                        input.min_picks = min.to_string();
                        input.max_picks = max.to_string();
                    }
                    QuestionKind::Scale {
                        min,
                        max,
                        min_label,
                        max_label,
                    } => {
                        input.scale_min = min.to_string();
                        input.scale_max = max.to_string();
                        input.scale_min_label = min_label.clone();
                        input.scale_max_label = max_label.clone();
                    }
                    QuestionKind::Dots { points } => input.points = points.to_string(),
                    _ => {}
                }
                input
            })
            .collect(),
    }
}

/// Copy a task as a template for the next round: same questions and settings, no answers,
/// opening a week from now for as long as the original was open. It starts upcoming, so
/// everything may still be edited.
#[tracing::instrument(skip_all, fields(task = original.row.id))]
pub async fn duplicate(
    db: &DatabaseConnection,
    original: &TaskView,
    author_id: i32,
    title: String,
    now: DateTime<Utc>,
) -> Result<task::Model, TaskError> {
    let length = original.row.closes_at - original.row.opens_at;
    let opens = now + Duration::days(7);
    let mut input = input_of(original);
    input.title = title.chars().take(200).collect();
    // An ideas task's only question is its ballot, made from its ideas: the copy has none.
    let drafts: Vec<QuestionDraft> = if original.ideas.is_some() {
        Vec::new()
    } else {
        input
            .questions
            .iter()
            .filter_map(|q| q.parse().ok())
            .collect()
    };
    let txn = begin_write(db).await?;
    let saved = task::ActiveModel {
        panel_id: Set(original.row.panel_id),
        title: Set(input.title),
        intro_md: Set(original.row.intro_md.clone()),
        intro_html: Set(original.row.intro_html.clone()),
        opens_at: Set(opens),
        closes_at: Set(opens + length),
        anonymous: Set(original.row.anonymous),
        results_visibility: Set(original.row.results_visibility.clone()),
        shuffle_options: Set(original.row.shuffle_options),
        aim_kind: Set(original.row.aim_kind.clone()),
        aim_values: Set(original.row.aim_values.clone()),
        // The copy is the next round of the original (an ideas task's copy starts afresh).
        previous_task_id: Set(original.ideas.is_none().then_some(original.row.id)),
        round: Set(if original.ideas.is_none() {
            original.row.round + 1
        } else {
            1
        }),
        created_by: Set(author_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    store::replace_questions(&txn, saved.id, &drafts).await?;
    if let Some(settings) = &original.ideas {
        let copied = settings.for_copy(original.row.opens_at, saved.opens_at, saved.closes_at);
        ideas::store::save_settings(&txn, saved.id, &copied).await?;
    }
    crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Task(saved.id)).await?;
    txn.commit().await?;
    Ok(saved)
}

fn random_id() -> i32 {
    // Positive and never zero: 1 ..= i32::MAX.
    (OsRng.next_u32() % (i32::MAX as u32)) as i32 + 1
}

/// Save a member's answers. Named tasks keep one answer set per member, replaced on each
/// save until closing; anonymous tasks take one answer set per member, never linked to them.
/// Two submissions at once leave exactly one answer set: the named save is a single upsert
/// on (task, respondent); the anonymous one claims the participation row first, in the same
/// transaction, and the loser of a race finds it taken.
#[tracing::instrument(skip_all, fields(task = task.row.id))]
pub async fn submit(
    db: &DatabaseConnection,
    task: &TaskView,
    role: Option<PanelRole>,
    user_id: i32,
    company: Option<&MemberCompany>,
    fields: &AnswerFields,
    now: DateTime<Utc>,
) -> Result<AnswerSet, TaskError> {
    if role != Some(PanelRole::Member) {
        return Err(TaskError::NotAMember);
    }
    if !task.takes_answers(now) {
        return Err(TaskError::NotOpen);
    }
    let answers = parse_answers(&task.questions, fields).map_err(TaskError::Invalid)?;
    let json = serde_json::to_string(&answers)
        .map_err(|e| TaskError::Db(DbErr::Custom(format!("encoding answers: {e}"))))?;
    let anonymous = task.anonymity().is_anonymous();
    let txn = begin_write(db).await?;
    let outcome: Result<(), TaskError> = async {
        let mut id = random_id();
        while store::answer_set_id_taken(&txn, id).await? {
            id = random_id();
        }
        // An anonymous set keeps no company facts either: a rare combination of industry,
        // region and stage would point to one company as surely as a name.
        let company = if anonymous { None } else { company };
        let row = answer_set::ActiveModel {
            id: Set(id),
            task_id: Set(task.row.id),
            respondent_id: Set((!anonymous).then_some(user_id)),
            industry: Set(company
                .and_then(|c| c.industry)
                .map(|v| v.as_str().to_owned())),
            region: Set(company
                .and_then(|c| c.region)
                .map(|v| v.as_str().to_owned())),
            stage: Set(company.and_then(|c| c.stage).map(|v| v.as_str().to_owned())),
            answers: Set(json),
            saved_at: Set((!anonymous).then_some(now)),
        };
        if anonymous {
            let first = store::record_participation(&txn, task.row.id, user_id)
                .await
                .map_err(|e| {
                    if crate::db::is_unique_violation(&e, "") {
                        TaskError::AlreadyAnswered
                    } else {
                        e.into()
                    }
                })?;
            if !first {
                return Err(TaskError::AlreadyAnswered);
            }
            row.insert(&txn).await?;
        } else {
            store::upsert_answer_set(&txn, row).await?;
            store::record_participation(&txn, task.row.id, user_id).await?;
        }
        Ok(())
    }
    .await;
    match outcome {
        Ok(()) => {
            txn.commit().await?;
            Ok(answers)
        }
        Err(e) => {
            txn.rollback().await?;
            Err(e)
        }
    }
}

/// A stored answer set's answers (an unreadable one counts as empty rather than failing a
/// whole results page).
pub fn answers_of(row: &answer_set::Model) -> AnswerSet {
    serde_json::from_str(&row.answers).unwrap_or_default()
}

/// The member's own answers to a named task, to fill the form again.
pub async fn own_answers(
    db: &impl ConnectionTrait,
    task: &TaskView,
    user_id: i32,
) -> Result<Option<AnswerSet>, DbErr> {
    if task.anonymity().is_anonymous() {
        return Ok(None);
    }
    Ok(store::own_answer_set(db, task.row.id, user_id)
        .await?
        .map(|row| answers_of(&row)))
}

/// Every answer set of a task, ready to count.
pub async fn responses(db: &impl ConnectionTrait, task: &TaskView) -> Result<Vec<Response>, DbErr> {
    Ok(store::answer_sets_of(db, task.row.id)
        .await?
        .iter()
        .map(|row| Response {
            company: CompanyFacts {
                industry: row.industry.clone(),
                region: row.region.clone(),
                stage: row.stage.clone(),
            },
            answers: answers_of(row),
        })
        .collect())
}

/// Most earlier rounds followed back from a task (a guard against a loop in bad data).
const MAX_ROUNDS: usize = 50;

/// A task's rounds this reader may compare, earliest first, ending with the task itself:
/// each earlier round (followed back through `previous_task_id`) that the reader sees and
/// whose results they may see now, with its answer sets.
pub async fn rounds_of(
    db: &impl ConnectionTrait,
    access: &PanelAccess,
    task: &TaskView,
    now: DateTime<Utc>,
) -> Result<Vec<(TaskView, Vec<Response>)>, DbErr> {
    let audience = aim::audience(db, access).await?;
    let mut earlier = Vec::new();
    let mut seen = vec![task.row.id];
    let mut previous = task.row.previous_task_id;
    while let Some(id) = previous {
        if seen.contains(&id) || seen.len() > MAX_ROUNDS {
            break;
        }
        seen.push(id);
        let Some(round) = task_view(db, access.id(), id).await? else {
            break;
        };
        previous = round.row.previous_task_id;
        let answered = match access.actor {
            Some(a) => store::has_answered(db, id, a.id).await?,
            None => false,
        };
        if audience.sees(&round.row) && round.results_visible_to(access.role, answered, now) {
            let responses = responses(db, &round).await?;
            earlier.push((round, responses));
        }
    }
    earlier.reverse();
    earlier.push((task.clone(), responses(db, task).await?));
    Ok(earlier)
}

/// The loaded rounds as the comparison reads them.
pub fn round_data(loaded: &[(TaskView, Vec<Response>)]) -> Vec<RoundData<'_>> {
    loaded
        .iter()
        .map(|(task, responses)| RoundData {
            info: RoundInfo {
                task_id: task.row.id,
                round: task.row.round,
                title: task.row.title.clone(),
                answer_sets: responses.len() as u64,
            },
            questions: &task.questions,
            responses: responses.iter().collect(),
            shown: true,
        })
        .collect()
}

/// An open task a member has not answered yet.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Awaiting {
    pub task_id: i32,
    pub title: String,
    pub closes_at: DateTime<Utc>,
}

/// Open tasks of the panel that await this person's answer (only seated members answer, so
/// facilitators and outsiders get none). For the panel overview's reminders.
pub async fn awaiting(
    db: &DatabaseConnection,
    panel: PanelId,
    user_id: i32,
) -> Result<Vec<Awaiting>, DbErr> {
    awaiting_at(db, panel, user_id, crate::db::now()).await
}

/// `awaiting` at a given moment.
pub async fn awaiting_at(
    db: &impl ConnectionTrait,
    panel: PanelId,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<Awaiting>, DbErr> {
    let actor = crate::entities::user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .and_then(crate::auth::CurrentUser::from_row)
        .map(|u| u.actor());
    let role = access::role_in(db, panel, actor).await?;
    if role != Some(PanelRole::Member) {
        return Ok(Vec::new());
    }
    let audience = aim::audience_of(db, panel, role, actor).await?;
    let open = audience.filter(store::open_tasks(db, panel.0, now).await?);
    let ids: Vec<i32> = open.iter().map(|t| t.id).collect();
    let answered = store::answered_among(db, user_id, ids.clone()).await?;
    // An ideas task awaits a vote only once voting has begun.
    let ideas = ideas::store::settings_among(db, &ids).await?;
    Ok(open
        .into_iter()
        .filter(|t| !answered.contains(&t.id))
        .filter(|t| ideas.get(&t.id).is_none_or(|s| now >= s.voting_opens_at))
        .map(|t| Awaiting {
            task_id: t.id,
            title: t.title,
            closes_at: t.closes_at,
        })
        .collect())
}

/// The companies of the panel by member, for the answer sets' breakdown facts.
pub async fn company_of(
    db: &impl ConnectionTrait,
    panel: PanelId,
    user_id: i32,
) -> Result<Option<MemberCompany>, DbErr> {
    Ok(access::companies(db, panel)
        .await?
        .into_iter()
        .find(|c| c.user_id == user_id))
}

/// How many answer sets each task has, by task id.
pub async fn answer_counts(
    db: &impl ConnectionTrait,
    tasks: &[task::Model],
) -> Result<HashMap<i32, u64>, DbErr> {
    store::answer_counts(db, &tasks.iter().map(|t| t.id).collect::<Vec<_>>()).await
}
