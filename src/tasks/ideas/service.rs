//! The use cases of ideas tasks: writing one, moving its phase, members submitting ideas and
//! commenting on them, facilitators editing, moderating and merging ideas, voting (through
//! the tasks' own answering, so anonymity and the one-answer-set rule are the same), and who
//! sees which idea. Every change to what search shows queues the task for the index in the
//! same transaction.
//!
//! Anonymity: in an anonymous task an idea and a comment are stored with no person and no
//! time, and ideas get random ids, so nothing stored says who wrote what or in which order
//! (the contribution log is not written for them either). The price, as for anonymous
//! answers: nobody can edit or remove their own anonymous idea or comment later.
use std::collections::HashMap;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use super::{
    model::{
        CommentText, FixedParts, IdeaId, IdeaPhase, IdeaSettings, IdeaState, IdeaTaskForm,
        IdeaText, Moderation, NewIdeaTask, PhaseChange, VOTE_QUESTION, carry_vote, idea_shown_to,
    },
    store::{self, NewComment, NewIdea},
};
use crate::{
    auth::{
        CurrentUser,
        write_rate::{self, Contribution, RateError},
    },
    config::WriteRate,
    db::begin_write,
    entities::tasks::{idea, idea_comment, task},
    error::{AppError, FieldError},
    panels::access::{PanelAccess, PanelRole},
    people::model::PersonName,
    search::outbox::{self, Change},
    tasks::{
        answering::model::AnswerFields,
        model::helsinki_input,
        service::{self as tasks_service, TaskError, TaskView},
        store as tasks_store,
    },
};

/// Why an ideas use case did not go through.
#[derive(Debug, thiserror::Error)]
pub enum IdeaError {
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    /// Not in this phase; the catalogue key says what the phase allows.
    #[error("not in this phase")]
    Phase(&'static str),
    #[error("invalid fields")]
    Fields(Vec<FieldError>),
    #[error(transparent)]
    Rate(#[from] RateError),
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<IdeaError> for AppError {
    fn from(e: IdeaError) -> Self {
        match e {
            IdeaError::NotFound => AppError::NotFound,
            IdeaError::Forbidden => AppError::Forbidden,
            IdeaError::Phase(key) => AppError::BadRequest(key),
            IdeaError::Fields(fields) => AppError::Validation(fields),
            IdeaError::Rate(e) => e.into(),
            IdeaError::Db(e) => e.into(),
        }
    }
}

impl From<AppError> for IdeaError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound => IdeaError::NotFound,
            _ => IdeaError::Forbidden,
        }
    }
}

type Result<T> = std::result::Result<T, IdeaError>;

/// The address of an idea's page.
pub fn url(slug: &str, task: i32, idea: i32) -> String {
    format!("/panels/{slug}/tasks/{task}/ideas/{idea}")
}

fn random_id() -> i32 {
    // Positive and never zero: 1 ..= i32::MAX.
    (OsRng.next_u32() % (i32::MAX as u32)) as i32 + 1
}

fn state_of(row: &idea::Model) -> IdeaState {
    IdeaState::parse(&row.state)
}

/// The ideas task's settings, or 404 for a task of another kind.
pub fn settings_of(task: &TaskView) -> Result<IdeaSettings> {
    task.ideas.ok_or(IdeaError::NotFound)
}

/// The phase of an ideas task at `now`.
pub fn phase_of(task: &TaskView, settings: &IdeaSettings, now: DateTime<Utc>) -> IdeaPhase {
    settings.phase(task.window(), now)
}

// ----- Writing the task -----

/// Write an ideas task (facilitators).
#[tracing::instrument(skip_all, fields(panel = access.panel.id))]
pub async fn create_task(
    db: &DatabaseConnection,
    access: &PanelAccess,
    author: &CurrentUser,
    new: NewIdeaTask,
    now: DateTime<Utc>,
) -> Result<task::Model> {
    access.require_facilitator()?;
    let txn = begin_write(db).await?;
    let saved = tasks_service::insert_task(&txn, access.id(), author.id, new.task, now).await?;
    store::save_settings(&txn, saved.id, &new.ideas).await?;
    txn.commit().await?;
    Ok(saved)
}

/// The parts of a stored ideas task that become fixed.
fn fixed_parts(task: &TaskView, settings: &IdeaSettings) -> FixedParts {
    FixedParts {
        opens_at: task.row.opens_at,
        settings: task.settings(),
        ideas: *settings,
    }
}

/// Edit an ideas task (facilitators) within what its phase allows (`model::check_change`).
#[tracing::instrument(skip_all, fields(task = task.row.id))]
pub async fn update_task(
    db: &DatabaseConnection,
    access: &PanelAccess,
    task: &TaskView,
    new: NewIdeaTask,
    now: DateTime<Utc>,
) -> Result<task::Model> {
    access.require_facilitator()?;
    let settings = settings_of(task)?;
    let phase = phase_of(task, &settings, now);
    let problems =
        super::model::check_change(phase, fixed_parts(task, &settings), new.fixed_parts());
    if !problems.is_empty() {
        return Err(IdeaError::Fields(problems));
    }
    let txn = begin_write(db).await?;
    let saved = tasks_service::save_task_fields(&txn, &task.row, &new.task, now).await?;
    store::save_settings(&txn, saved.id, &new.ideas).await?;
    outbox::enqueue(&txn, Change::Task(saved.id)).await?;
    txn.commit().await?;
    Ok(saved)
}

/// The editor's fields of a stored ideas task.
pub fn form_of(task: &TaskView, settings: &IdeaSettings) -> IdeaTaskForm {
    let on = |b: bool| b.then(|| "on".to_owned());
    IdeaTaskForm {
        title: task.row.title.clone(),
        intro: task.row.intro_md.clone(),
        opens_at: helsinki_input(&task.row.opens_at),
        voting_opens_at: helsinki_input(&settings.voting_opens_at),
        closes_at: helsinki_input(&task.row.closes_at),
        anonymous: on(task.row.anonymous),
        results: task.row.results_visibility.clone(),
        method: settings.method.as_str().to_owned(),
        points: settings.points.to_string(),
        ideas_visible: on(settings.ideas_visible),
    }
}

/// Move the phase on now (facilitators): open for ideas, start voting, or close. A task whose
/// ideas were hidden hands them to search as voting begins.
#[tracing::instrument(skip_all, fields(task = task.row.id))]
pub async fn change_phase(
    db: &DatabaseConnection,
    access: &PanelAccess,
    task: &TaskView,
    change: PhaseChange,
    now: DateTime<Utc>,
) -> Result<()> {
    access.require_facilitator()?;
    let settings = settings_of(task)?;
    if phase_of(task, &settings, now) != change.from_phase() {
        return Err(IdeaError::Phase("ideas-error-phase-moved"));
    }
    let (opens, voting, closes) = change.times(
        (
            task.row.opens_at,
            settings.voting_opens_at,
            task.row.closes_at,
        ),
        now,
    );
    let txn = begin_write(db).await?;
    tasks_store::set_window(&txn, task.row.id, opens, closes, now).await?;
    store::save_settings(
        &txn,
        task.row.id,
        &IdeaSettings {
            voting_opens_at: voting,
            ..settings
        },
    )
    .await?;
    if voting <= now {
        store::claim_reveal(&txn, task.row.id).await?;
    }
    outbox::enqueue(&txn, Change::Task(task.row.id)).await?;
    txn.commit().await?;
    Ok(())
}

/// Hand the ideas of tasks that hid them to search once their voting day has come (the
/// phase changed by the date, with no write to notice it). Each task is claimed in its own
/// transaction, so however many nodes run the pass, each task is queued once.
pub async fn reveal_due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> std::result::Result<usize, DbErr> {
    let mut revealed = 0;
    for task_id in store::unrevealed_due(db, now).await? {
        let txn = begin_write(db).await?;
        if store::claim_reveal(&txn, task_id).await? {
            outbox::enqueue(&txn, Change::Task(task_id)).await?;
            revealed += 1;
        }
        txn.commit().await?;
    }
    Ok(revealed)
}

/// Run `reveal_due` every minute, for as long as the process runs.
pub fn spawn_reveal(state: crate::state::AppState) {
    crate::clock::spawn(async move {
        loop {
            if let Err(e) = reveal_due(&state.db, crate::db::now()).await {
                tracing::warn!(error = %e, "ideas could not be handed to search");
            }
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        }
    });
}

// ----- Reading -----

/// Who reads, as the ideas care.
#[derive(Clone, Copy, Debug)]
pub struct Reader {
    pub facilitator: bool,
    pub user_id: Option<i32>,
}

impl Reader {
    pub fn of(access: &PanelAccess) -> Reader {
        Reader {
            facilitator: access.is_facilitator(),
            user_id: access.actor.map(|a| a.id),
        }
    }
}

/// An idea as one reader sees it.
#[derive(Clone, Debug)]
pub struct IdeaView {
    pub row: idea::Model,
    pub state: IdeaState,
    /// The people credited, in the order of their ids (none in an anonymous task).
    pub credits: Vec<PersonName>,
    /// Whether the reader is among them.
    pub credited: bool,
    /// Visible comments.
    pub comments: u64,
    /// The idea this one was merged into (id, title).
    pub merged_into: Option<(i32, String)>,
    /// The ideas merged into this one (id, title).
    pub merged_here: Vec<(i32, String)>,
    pub href: String,
}

/// The ideas of a task as one reader sees them.
#[derive(Clone, Debug)]
pub struct Board {
    pub phase: IdeaPhase,
    pub settings: IdeaSettings,
    /// The ideas shown to the reader (merged ones are listed under the idea they joined).
    pub ideas: Vec<IdeaView>,
    /// Visible ideas the reader does not see yet, because others' ideas are hidden while
    /// they are collected.
    pub not_shown: u64,
}

async fn views(
    db: &impl ConnectionTrait,
    slug: &str,
    task: &TaskView,
    rows: Vec<idea::Model>,
    comments: &HashMap<i32, u64>,
    reader: Reader,
) -> std::result::Result<Vec<IdeaView>, DbErr> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let credits = store::credits_of(db, &ids).await?;
    let people =
        crate::people::store::users_by_ids(db, credits.values().flatten().copied().collect())
            .await?;
    let titles: HashMap<i32, String> = rows.iter().map(|r| (r.id, r.title.clone())).collect();
    Ok(rows
        .iter()
        .map(|row| {
            let who = credits.get(&row.id).cloned().unwrap_or_default();
            IdeaView {
                state: state_of(row),
                credits: who
                    .iter()
                    .map(|id| {
                        people
                            .get(id)
                            .map_or_else(PersonName::former, PersonName::of)
                    })
                    .collect(),
                credited: reader.user_id.is_some_and(|u| who.contains(&u)),
                comments: comments.get(&row.id).copied().unwrap_or(0),
                merged_into: row
                    .merged_into_id
                    .and_then(|id| titles.get(&id).map(|t| (id, t.clone()))),
                merged_here: rows
                    .iter()
                    .filter(|r| r.merged_into_id == Some(row.id))
                    .map(|r| (r.id, r.title.clone()))
                    .collect(),
                href: url(slug, task.row.id, row.id),
                row: row.clone(),
            }
        })
        .collect())
}

/// The task's ideas for the board: what the reader may see, and how many they do not see
/// yet.
pub async fn board(
    db: &impl ConnectionTrait,
    access: &PanelAccess,
    task: &TaskView,
    now: DateTime<Utc>,
) -> Result<Board> {
    let settings = settings_of(task)?;
    let phase = phase_of(task, &settings, now);
    let reader = Reader::of(access);
    let rows = store::ideas_of(db, task.row.id).await?;
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let counts = store::visible_counts(&store::comments_of(db, &ids).await?);
    let all = views(db, &access.panel.slug, task, rows, &counts, reader).await?;
    let others = settings.others_shown(phase);
    let (mut shown, mut not_shown) = (Vec::new(), 0);
    for v in all {
        if v.merged_into.is_some() {
            continue;
        }
        if idea_shown_to(v.state, others, reader.facilitator, v.credited) {
            shown.push(v);
        } else if v.state.is_visible() {
            not_shown += 1;
        }
    }
    Ok(Board {
        phase,
        settings,
        ideas: shown,
        not_shown,
    })
}

/// A comment as one reader sees it.
#[derive(Clone, Debug)]
pub struct CommentView {
    pub row: idea_comment::Model,
    /// `None` for an anonymous task's comment.
    pub author: Option<PersonName>,
    pub removed: bool,
    pub state: IdeaState,
    /// Whether the reader wrote it (named tasks only).
    pub own: bool,
    /// The merged duplicate it was written on (its title).
    pub moved_from: Option<String>,
}

/// One idea, with its comments, as the reader may see it; 404 when they may not.
pub async fn idea_view(
    db: &impl ConnectionTrait,
    access: &PanelAccess,
    task: &TaskView,
    id: IdeaId,
    now: DateTime<Utc>,
) -> Result<(IdeaView, Vec<CommentView>)> {
    let settings = settings_of(task)?;
    let phase = phase_of(task, &settings, now);
    let reader = Reader::of(access);
    let rows = store::ideas_of(db, task.row.id).await?;
    if !rows.iter().any(|r| r.id == id.0) {
        return Err(IdeaError::NotFound);
    }
    let comments = store::comments_of(db, &[id.0]).await?;
    let counts = store::visible_counts(&comments);
    let titles: HashMap<i32, String> = rows.iter().map(|r| (r.id, r.title.clone())).collect();
    let view = views(db, &access.panel.slug, task, rows, &counts, reader)
        .await?
        .into_iter()
        .find(|v| v.row.id == id.0)
        .ok_or(IdeaError::NotFound)?;
    let others = settings.others_shown(phase);
    if !idea_shown_to(view.state, others, reader.facilitator, view.credited) {
        return Err(IdeaError::NotFound);
    }
    let people = crate::people::store::users_by_ids(
        db,
        comments.iter().filter_map(|c| c.author_id).collect(),
    )
    .await?;
    let comments = comments
        .into_iter()
        .filter_map(|c| {
            let removed = c.state == store::REMOVED;
            let state = IdeaState::parse(&c.state);
            let own = reader.user_id.is_some() && c.author_id == reader.user_id;
            // A held or hidden comment is there for its author and the facilitators only.
            if !removed && !state.is_visible() && !own && !reader.facilitator {
                return None;
            }
            Some(CommentView {
                author: c.author_id.map(|a| {
                    people
                        .get(&a)
                        .map_or_else(PersonName::former, PersonName::of)
                }),
                moved_from: c.moved_from_idea_id.and_then(|i| titles.get(&i).cloned()),
                removed,
                state,
                own,
                row: c,
            })
        })
        .collect();
    Ok((view, comments))
}

/// The other ideas a facilitator may merge `id` into: those on the ballot.
pub async fn merge_targets(
    db: &impl ConnectionTrait,
    task: &TaskView,
    id: IdeaId,
) -> std::result::Result<Vec<(i32, String)>, DbErr> {
    Ok(store::ideas_of(db, task.row.id)
        .await?
        .into_iter()
        .filter(|r| r.id != id.0 && r.merged_into_id.is_none())
        .map(|r| (r.id, r.title))
        .collect())
}

// ----- Ideas -----

/// An idea of the task, or 404.
async fn idea_of(db: &impl ConnectionTrait, task: &TaskView, id: IdeaId) -> Result<idea::Model> {
    store::idea_in_task(db, task.row.id, id)
        .await?
        .ok_or(IdeaError::NotFound)
}

/// Submit an idea while ideas are collected (the panel's members and facilitators). A
/// customer's first contributions wait for a facilitator, as elsewhere.
#[tracing::instrument(skip_all, fields(task = task.row.id))]
pub async fn submit_idea(
    db: &DatabaseConnection,
    access: &PanelAccess,
    author: &CurrentUser,
    task: &TaskView,
    text: IdeaText,
    rate: WriteRate,
    now: DateTime<Utc>,
) -> Result<idea::Model> {
    access.require_member()?;
    let settings = settings_of(task)?;
    if phase_of(task, &settings, now) != IdeaPhase::Collecting {
        return Err(IdeaError::Phase("ideas-error-not-collecting"));
    }
    let anonymous = task.anonymity().is_anonymous();
    let txn = begin_write(db).await?;
    let state = crate::moderation::admission::admit(
        &txn,
        author,
        &format!("{}\n{}", text.title, text.body_md),
    )
    .await?;
    if !anonymous {
        write_rate::admit(&txn, rate, author.id, Contribution::Idea).await?;
    }
    let mut id = random_id();
    while store::idea_id_taken(&txn, id).await? {
        id = random_id();
    }
    let saved = store::insert_idea(
        &txn,
        NewIdea {
            id,
            task_id: task.row.id,
            title: text.title,
            body_md: text.body_md,
            body_html: text.body_html.into_string(),
            state,
            created_at: (!anonymous).then_some(now),
        },
    )
    .await?;
    if !anonymous {
        store::add_credit(&txn, IdeaId(saved.id), author.id).await?;
    }
    outbox::enqueue(&txn, Change::Task(task.row.id)).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Whether `user` may edit the idea now: facilitators until the task closes, and the people
/// credited for it (a named task's) while ideas are collected.
pub async fn may_edit(
    db: &impl ConnectionTrait,
    access: &PanelAccess,
    task: &TaskView,
    row: &idea::Model,
    now: DateTime<Utc>,
) -> std::result::Result<bool, DbErr> {
    let Some(settings) = task.ideas else {
        return Ok(false);
    };
    let phase = phase_of(task, &settings, now);
    if access.is_facilitator() {
        return Ok(phase != IdeaPhase::Closed && row.merged_into_id.is_none());
    }
    let Some(user) = access.actor.map(|a| a.id) else {
        return Ok(false);
    };
    if phase != IdeaPhase::Collecting || row.merged_into_id.is_some() || access.role.is_none() {
        return Ok(false);
    }
    Ok(store::credits_of(db, &[row.id])
        .await?
        .get(&row.id)
        .is_some_and(|who| who.contains(&user)))
}

/// Change an idea's text (see `may_edit`).
#[tracing::instrument(skip_all, fields(task = task.row.id, idea = id.0))]
pub async fn edit_idea(
    db: &DatabaseConnection,
    access: &PanelAccess,
    task: &TaskView,
    id: IdeaId,
    text: IdeaText,
    now: DateTime<Utc>,
) -> Result<idea::Model> {
    let row = idea_of(db, task, id).await?;
    if !may_edit(db, access, task, &row, now).await? {
        return Err(IdeaError::Forbidden);
    }
    let txn = begin_write(db).await?;
    let saved = store::update_text(
        &txn,
        row,
        text.title,
        text.body_md,
        text.body_html.into_string(),
        now,
    )
    .await?;
    outbox::enqueue(&txn, Change::Task(task.row.id)).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Approve, hide or show an idea again (facilitators). A hidden idea leaves the ballot.
#[tracing::instrument(skip_all, fields(task = task.row.id, idea = id.0))]
pub async fn moderate_idea(
    db: &DatabaseConnection,
    access: &PanelAccess,
    task: &TaskView,
    id: IdeaId,
    action: Moderation,
) -> Result<()> {
    access.require_facilitator()?;
    idea_of(db, task, id).await?;
    let txn = begin_write(db).await?;
    store::set_idea_state(&txn, id, action.state()).await?;
    outbox::enqueue(&txn, Change::Task(task.row.id)).await?;
    txn.commit().await?;
    Ok(())
}

/// Merge a duplicate into another idea of the task (facilitators, while ideas are collected
/// or voted on). The idea it joins keeps every author's credit (the duplicate's are added to
/// its own), its comments move over (each remembering where it was written), and votes
/// already given carry over (`model::carry_vote`). The duplicate stays, marked as merged,
/// so links to it still lead somewhere.
#[tracing::instrument(skip_all, fields(task = task.row.id, idea = duplicate.0))]
pub async fn merge(
    db: &DatabaseConnection,
    access: &PanelAccess,
    task: &TaskView,
    duplicate: IdeaId,
    into: IdeaId,
    now: DateTime<Utc>,
) -> Result<()> {
    access.require_facilitator()?;
    let settings = settings_of(task)?;
    if !matches!(
        phase_of(task, &settings, now),
        IdeaPhase::Collecting | IdeaPhase::Voting
    ) {
        return Err(IdeaError::Phase("ideas-error-merge-phase"));
    }
    let txn = begin_write(db).await?;
    let dup = idea_of(&txn, task, duplicate).await?;
    let target = store::idea_in_task(&txn, task.row.id, into).await?;
    let bad_target =
        || IdeaError::Fields(vec![FieldError::new("into", "ideas-error-merge-target")]);
    let target = target.ok_or_else(bad_target)?;
    if dup.id == target.id || dup.merged_into_id.is_some() || target.merged_into_id.is_some() {
        return Err(bad_target());
    }
    store::merge_into(&txn, duplicate, into).await?;
    let credits = store::credits_of(&txn, &[dup.id]).await?;
    for user in credits.get(&dup.id).into_iter().flatten() {
        store::add_credit(&txn, into, *user).await?;
    }
    store::move_comments(&txn, duplicate, into).await?;
    for set in tasks_store::answer_sets_of(&txn, task.row.id).await? {
        let mut answers = tasks_service::answers_of(&set);
        let Some(vote) = answers.get(&VOTE_QUESTION.0) else {
            continue;
        };
        let carried = carry_vote(vote, duplicate, into);
        if &carried != vote {
            answers.insert(VOTE_QUESTION.0, carried);
            let json = serde_json::to_string(&answers)
                .map_err(|e| DbErr::Custom(format!("encoding answers: {e}")))?;
            tasks_store::set_answers(&txn, set.id, json).await?;
        }
    }
    outbox::enqueue(&txn, Change::Task(task.row.id)).await?;
    txn.commit().await?;
    Ok(())
}

// ----- Comments -----

/// Comment on an idea the writer sees, while ideas are collected or voted on (the panel's
/// members and facilitators).
#[tracing::instrument(skip_all, fields(task = task.row.id, idea = id.0))]
#[allow(clippy::too_many_arguments)]
pub async fn comment(
    db: &DatabaseConnection,
    access: &PanelAccess,
    author: &CurrentUser,
    task: &TaskView,
    id: IdeaId,
    text: CommentText,
    rate: WriteRate,
    now: DateTime<Utc>,
) -> Result<idea_comment::Model> {
    access.require_member()?;
    let settings = settings_of(task)?;
    if !matches!(
        phase_of(task, &settings, now),
        IdeaPhase::Collecting | IdeaPhase::Voting
    ) {
        return Err(IdeaError::Phase("ideas-error-comment-phase"));
    }
    let (view, _) = idea_view(db, access, task, id, now).await?;
    if !view.state.is_visible() || view.merged_into.is_some() {
        return Err(IdeaError::Phase("ideas-error-comment-closed"));
    }
    let anonymous = task.anonymity().is_anonymous();
    let txn = begin_write(db).await?;
    let state = crate::moderation::admission::admit(&txn, author, &text.body_md).await?;
    if !anonymous {
        write_rate::admit(&txn, rate, author.id, Contribution::Comment).await?;
    }
    let saved = store::insert_comment(
        &txn,
        NewComment {
            idea_id: id.0,
            author_id: (!anonymous).then_some(author.id),
            body_md: text.body_md,
            body_html: text.body_html.into_string(),
            state,
            created_at: (!anonymous).then_some(now),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Approve, hide or show a comment again (facilitators).
pub async fn moderate_comment(
    db: &DatabaseConnection,
    access: &PanelAccess,
    task: &TaskView,
    id: IdeaId,
    comment_id: i32,
    action: Moderation,
) -> Result<()> {
    access.require_facilitator()?;
    idea_of(db, task, id).await?;
    store::comment_on(db, id, comment_id)
        .await?
        .ok_or(IdeaError::NotFound)?;
    store::set_comment_state(db, comment_id, action.state()).await?;
    Ok(())
}

/// Remove one's own comment: its text is erased for good.
pub async fn remove_comment(
    db: &DatabaseConnection,
    user: &CurrentUser,
    task: &TaskView,
    id: IdeaId,
    comment_id: i32,
) -> Result<()> {
    idea_of(db, task, id).await?;
    let row = store::comment_on(db, id, comment_id)
        .await?
        .ok_or(IdeaError::NotFound)?;
    if row.author_id != Some(user.id) {
        return Err(IdeaError::Forbidden);
    }
    store::blank_comments(db, &[row.id]).await?;
    Ok(())
}

// ----- Voting -----

/// Vote over the ideas (seated members, while voting): the tasks' own answering, so a vote
/// is one answer set, named or anonymous as the task says.
pub async fn vote(
    db: &DatabaseConnection,
    access: &PanelAccess,
    user: &CurrentUser,
    task: &TaskView,
    fields: &AnswerFields,
    now: DateTime<Utc>,
) -> std::result::Result<(), TaskError> {
    let company = tasks_service::company_of(db, access.id(), user.id).await?;
    tasks_service::submit(
        db,
        task,
        access.role,
        user.id,
        company.as_ref(),
        fields,
        now,
    )
    .await
    .map(|_| ())
}

/// Whether `role` votes in a task: seated members do; facilitators run it.
pub fn votes(role: Option<PanelRole>) -> bool {
    role == Some(PanelRole::Member)
}

// ----- For other features -----

/// An idea of one of the panel's tasks, with its task and settings.
pub async fn idea_in_panel(
    db: &impl ConnectionTrait,
    panel_id: i32,
    id: i32,
) -> std::result::Result<Option<(idea::Model, task::Model, IdeaSettings)>, DbErr> {
    let Some(row) = store::idea(db, IdeaId(id)).await? else {
        return Ok(None);
    };
    let Some(t) = tasks_store::task_in_panel(db, panel_id, row.task_id).await? else {
        return Ok(None);
    };
    let Some(settings) = store::settings(db, t.id).await? else {
        return Ok(None);
    };
    Ok(Some((row, t, settings)))
}

/// Whether every reader of the panel sees the idea now (so its title may be shown beside an
/// action that came from it): visible, and others' ideas shown in the task's phase.
pub fn shown_to_every_reader(
    row: &idea::Model,
    t: &task::Model,
    settings: &IdeaSettings,
    now: DateTime<Utc>,
) -> bool {
    let window = crate::tasks::model::Window::new(t.opens_at, t.closes_at);
    let phase = window
        .map(|w| settings.phase(w, now))
        .unwrap_or(IdeaPhase::Closed);
    state_of(row).is_visible() && settings.others_shown(phase)
}

/// The ideas of the panel an action may come from: those every reader sees, of tasks that
/// have opened (idea id, "task: idea").
pub async fn action_sources(
    db: &impl ConnectionTrait,
    panel_id: i32,
    now: DateTime<Utc>,
) -> std::result::Result<Vec<(i32, String)>, DbErr> {
    let tasks = tasks_store::tasks_of_panel(db, panel_id).await?;
    let ids: Vec<i32> = tasks.iter().map(|t| t.id).collect();
    let settings = store::settings_among(db, &ids).await?;
    let mut out = Vec::new();
    for row in store::ideas_of_tasks(db, &settings.keys().copied().collect::<Vec<_>>()).await? {
        let (Some(t), Some(s)) = (
            tasks.iter().find(|t| t.id == row.task_id),
            settings.get(&row.task_id),
        ) else {
            continue;
        };
        if row.merged_into_id.is_none() && shown_to_every_reader(&row, t, s, now) {
            out.push((row.id, format!("{}: {}", t.title, row.title)));
        }
    }
    Ok(out)
}

/// The text search indexes with each of these tasks: the titles and descriptions of the
/// ideas every reader of the panel sees now (none while a task hides them).
pub async fn searchable_ideas(
    db: &impl ConnectionTrait,
    tasks: &[task::Model],
    now: DateTime<Utc>,
) -> std::result::Result<HashMap<i32, String>, DbErr> {
    let ids: Vec<i32> = tasks.iter().map(|t| t.id).collect();
    let settings = store::settings_among(db, &ids).await?;
    let mut out: HashMap<i32, String> = HashMap::new();
    for row in store::ideas_of_tasks(db, &settings.keys().copied().collect::<Vec<_>>()).await? {
        let (Some(t), Some(s)) = (
            tasks.iter().find(|t| t.id == row.task_id),
            settings.get(&row.task_id),
        ) else {
            continue;
        };
        if row.merged_into_id.is_none() && shown_to_every_reader(&row, t, s, now) {
            let text = out.entry(row.task_id).or_default();
            text.push_str("\n\n");
            text.push_str(&row.title);
            text.push('\n');
            text.push_str(&crate::markdown::excerpt(&row.body_md, usize::MAX));
        }
    }
    Ok(out)
}

/// A person's ideas and comments for their data download (what is stored with their name:
/// named tasks' ideas credited to them, and their comments).
pub async fn personal_data(
    db: &impl ConnectionTrait,
    user: i32,
) -> std::result::Result<(Vec<serde_json::Value>, Vec<serde_json::Value>), DbErr> {
    use serde_json::json;
    let ideas = store::ideas_credited_to(db, user).await?;
    let comments = store::comments_by(db, user).await?;
    let mut task_ids: Vec<i32> = ideas.iter().map(|i| i.task_id).collect();
    let on: HashMap<i32, idea::Model> = {
        let ids: Vec<i32> = comments.iter().map(|c| c.idea_id).collect();
        let mut m = HashMap::new();
        for id in ids {
            if let Some(i) = store::idea(db, IdeaId(id)).await? {
                task_ids.push(i.task_id);
                m.insert(id, i);
            }
        }
        m
    };
    let titles = store::task_titles(db, task_ids).await?;
    let title = |id: i32| titles.get(&id).cloned().unwrap_or_default();
    Ok((
        ideas
            .into_iter()
            .map(|i| {
                json!({
                    "task": title(i.task_id), "title": i.title, "text": i.body_md,
                    "state": i.state, "merged_into": i.merged_into_id,
                    "created_at": i.created_at, "edited_at": i.edited_at,
                })
            })
            .collect(),
        comments
            .into_iter()
            .map(|c| {
                let idea = on.get(&c.idea_id);
                json!({
                    "task": idea.map(|i| title(i.task_id)),
                    "idea": idea.map(|i| i.title.clone()),
                    "text": c.body_md, "state": c.state, "created_at": c.created_at,
                })
            })
            .collect(),
    ))
}

/// A removed person's comments on ideas, when the erasure policy removes what they wrote:
/// blanked as removed comments are. (Their ideas stay, credited to "former participant":
/// the panel chose among them, and others' votes and merged credits rest on them.)
pub async fn erase_comments_of(
    db: &impl ConnectionTrait,
    user: i32,
) -> std::result::Result<(), DbErr> {
    let ids: Vec<i32> = store::comments_by(db, user)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    store::blank_comments(db, &ids).await
}
