//! Results pages: `GET …/tasks/{id}/results` with charts, tables and breakdowns, and the
//! facilitators' CSV export.
use std::collections::HashMap;

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{
    Dimension, QuestionResult, Tally,
    chart::{BarChart, TASK_LANG},
    csv as export, one_decimal, rounds,
};
use crate::{
    db::now,
    error::{AppError, AppResult},
    i18n::Tr,
    panels::{
        access::{self, PanelAccess},
        model::{CompanyStage, Industry, Region},
        nav::PanelNav,
    },
    state::AppState,
    tasks::{
        aim::Aim,
        handlers::{disclosure, panel, require_facilitator, task_of, task_url},
        results,
        service::{self, TaskView},
        store,
    },
    web::{PageCtx, render},
};

/// A table row of a question's results, as text.
pub struct TableRow {
    pub label: String,
    /// Whether the label is an option's (written in the task's language, `TASK_LANG`).
    pub option: bool,
    pub value: String,
    pub percent: String,
    pub extra: Option<String>,
}

/// One question's results as shown: chart, table, texts.
pub struct ResultBlock {
    pub result: QuestionResult,
    pub chart: Option<BarChart>,
    pub value_heading: String,
    pub percent_heading: String,
    pub extra_heading: Option<String>,
    pub rows: Vec<TableRow>,
    pub summary: String,
}

fn result_blocks(t: &Tr, results: Vec<QuestionResult>, prefix: &str) -> Vec<ResultBlock> {
    let lang = t.lang;
    results
        .into_iter()
        .map(|r| {
            let respondents = t.count("poll-respondents", r.respondents);
            let (value_heading, percent_heading, extra_heading, summary) = match &r.tally {
                Tally::Ranking { .. } => (
                    t.get("poll-col-points"),
                    t.get("poll-col-share-points"),
                    Some(t.get("poll-col-average-rank")),
                    respondents,
                ),
                Tally::Dots { total, .. } => (
                    t.get("poll-col-points"),
                    t.get("poll-col-share-points"),
                    None,
                    format!("{respondents} · {}", t.count("poll-points-total", *total)),
                ),
                Tally::Scale { average, .. } => (
                    t.get("poll-col-count"),
                    t.get("poll-col-share"),
                    None,
                    match average {
                        Some(a) => format!(
                            "{respondents} · {}",
                            t.arg("poll-average", "value", one_decimal(*a, lang))
                        ),
                        None => respondents,
                    },
                ),
                _ => (
                    t.get("poll-col-count"),
                    t.get("poll-col-share"),
                    None,
                    respondents,
                ),
            };
            let points = r.is_ranking() || r.is_dots();
            let rows = r
                .rows()
                .iter()
                .map(|row| TableRow {
                    option: row.option_id.is_some(),
                    label: row.label.clone(),
                    value: row.value.to_string(),
                    percent: format!("{} %", one_decimal(row.percent, lang)),
                    extra: row.average_rank.map(|a| one_decimal(a, lang)),
                })
                .collect();
            let chart = BarChart::for_result(
                &r,
                format!("{prefix}-q{}", r.question_id),
                summary.clone(),
                lang,
                |v, pct| {
                    if points {
                        format!("{} ({pct} %)", t.count("poll-points", v))
                    } else {
                        format!("{v} ({pct} %)")
                    }
                },
            );
            ResultBlock {
                chart,
                value_heading,
                percent_heading,
                extra_heading,
                rows,
                summary,
                result: r,
            }
        })
        .collect()
}

/// A breakdown group as shown.
pub struct GroupBlock {
    /// Unique prefix for the group's element ids.
    pub prefix: String,
    pub heading: String,
    pub answer_sets: u64,
    /// Whether the group gathers groups too small to show on their own.
    pub merged: bool,
    pub blocks: Vec<ResultBlock>,
}

/// One question across the rounds as shown: a small chart per round (one scale, shares in
/// per cent) and a table of option × round.
pub struct RoundsBlock {
    pub id: String,
    /// The element ids that name the block's table: the section's heading, then the
    /// question's (so each table's name is its own).
    pub labelled_by: String,
    /// Whether the rows are options (written in the task's language, `TASK_LANG`).
    pub options: bool,
    pub prompt: String,
    pub charts: Vec<BarChart>,
    pub rows: Vec<(String, Vec<String>)>,
    pub respondents: Vec<String>,
    /// Scales: each round's average.
    pub averages: Vec<String>,
}

/// The rounds side by side: the rounds' headings, the questions, and by group.
pub struct RoundsView {
    pub headings: Vec<String>,
    pub blocks: Vec<RoundsBlock>,
    /// (group heading, its answer sets per round, its questions) when a breakdown is chosen.
    pub groups: Vec<(String, Vec<String>, Vec<RoundsBlock>)>,
}

fn round_heading(t: &Tr, info: &rounds::RoundInfo) -> String {
    t.args(
        "rounds-col-round",
        &[("round", crate::i18n::FluentArg::Num(i64::from(info.round)))],
    )
}

fn rounds_blocks(
    t: &Tr,
    infos: &[rounds::RoundInfo],
    questions: &[rounds::QuestionRounds],
    (heading, prefix): (&str, &str),
) -> Vec<RoundsBlock> {
    let lang = t.lang;
    let figure = |c: &Option<rounds::Cell>| match c {
        Some(c) => format!("{} ({} %)", c.value, one_decimal(c.percent, lang)),
        None => "–".to_owned(),
    };
    questions
        .iter()
        .map(|q| {
            let id = format!("{prefix}-q{}", q.question_id);
            let options = !matches!(q.kind, "scale" | "yes_no" | "text");
            let charts = infos
                .iter()
                .enumerate()
                // A round without the question (or a group too small in it) has no chart.
                .filter(|(i, _)| q.respondents.get(*i).copied().flatten().is_some())
                .map(|(i, info)| {
                    let rows: Vec<(String, f64, String)> = q
                        .rows
                        .iter()
                        .map(|r| {
                            let cell = r.cells.get(i).copied().flatten();
                            (
                                r.label.clone(),
                                cell.map_or(0.0, |c| c.percent),
                                figure(&cell),
                            )
                        })
                        .collect();
                    BarChart {
                        labels_lang: options.then_some(TASK_LANG),
                        ..BarChart::scaled(
                            format!("{id}-r{}", info.round),
                            format!("{} – {}", q.prompt, round_heading(t, info)),
                            t.count("rounds-answer-sets", info.answer_sets),
                            &rows,
                            100.0,
                        )
                    }
                })
                .collect();
            RoundsBlock {
                charts,
                rows: q
                    .rows
                    .iter()
                    .map(|r| (r.label.clone(), r.cells.iter().map(&figure).collect()))
                    .collect(),
                respondents: q
                    .respondents
                    .iter()
                    .map(|n| n.map_or("–".to_owned(), |n| n.to_string()))
                    .collect(),
                averages: q
                    .averages
                    .iter()
                    .map(|a| a.map_or("–".to_owned(), |a| one_decimal(a, lang)))
                    .collect(),
                prompt: q.prompt.clone(),
                labelled_by: format!("{heading} {id}"),
                options,
                id,
            }
        })
        .collect()
}

/// Who a task was aimed at, in plain sentences: the kind's values (a members list by
/// company to facilitators only) and how many of the panel's members that is.
async fn aim_notes(
    state: &AppState,
    t: &Tr,
    access: &PanelAccess,
    task: &TaskView,
) -> AppResult<Vec<String>> {
    let aim = task.aim();
    if !aim.is_aimed() {
        return Ok(Vec::new());
    }
    let companies = access::companies(&state.db, access.id()).await?;
    let aimed = aim.aimed_among(&companies);
    let who: Vec<String> = match &aim {
        Aim::Industries(v) => v.iter().map(|x| t.get(x.label_key())).collect(),
        Aim::Regions(v) => v.iter().map(|x| t.get(x.label_key())).collect(),
        Aim::Stages(v) => v.iter().map(|x| t.get(x.label_key())).collect(),
        Aim::Members(_) if access.is_facilitator() => {
            aimed.iter().map(|c| c.company.clone()).collect()
        }
        _ => vec![t.get("aim-kind-members")],
    };
    Ok(vec![
        t.arg("aim-aimed-at", "who", who.join(", ")),
        t.count("aim-aimed-count", aimed.len() as u64),
    ])
}

#[derive(Template)]
#[template(path = "tasks/results.html")]
pub struct ResultsPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub task: TaskView,
    pub url: String,
    pub disclosure: Vec<String>,
    pub answer_sets: u64,
    pub by: Option<Dimension>,
    pub overall: Vec<ResultBlock>,
    pub groups: Vec<GroupBlock>,
    pub facilitator: bool,
    pub anonymous: bool,
    /// Said where a breakdown leaves small groups out or merges them.
    pub groups_hidden_note: Option<String>,
    /// Who the task was aimed at (empty for the whole panel).
    pub aim_notes: Vec<String>,
    /// The rounds side by side, from the second round on.
    pub rounds: Option<RoundsView>,
}

impl ResultsPage {
    pub fn dimensions(&self) -> [Dimension; 3] {
        Dimension::ALL
    }
    pub fn is_by(&self, d: &Dimension) -> bool {
        self.by == Some(*d)
    }
}

/// The label of a company fact's value in the reader's language.
fn fact_label(t: &Tr, dimension: Dimension, value: &str) -> String {
    let key = match dimension {
        Dimension::Industry => Industry::parse(value).map(|v| v.label_key()),
        Dimension::Region => Region::parse(value).map(|v| v.label_key()),
        Dimension::Stage => CompanyStage::parse(value).map(|v| v.label_key()),
    };
    key.map(|k| t.get(k)).unwrap_or_else(|| value.to_owned())
}

/// The task, if the reader may see its results now; else 403 (they know the task exists).
async fn results_task(
    state: &AppState,
    ctx: &PageCtx,
    access: &PanelAccess,
    id: i32,
) -> AppResult<TaskView> {
    let task = task_of(state, access, id).await?;
    let answered = match &ctx.user {
        Some(u) => store::has_answered(&state.db, task.row.id, u.id).await?,
        None => false,
    };
    if !task.results_visible_to(access.role, answered, now()) {
        return Err(AppError::Forbidden);
    }
    Ok(task)
}

#[derive(Deserialize)]
pub struct ResultsQuery {
    #[serde(default)]
    by: String,
}

/// `GET /panels/{slug}/tasks/{id}/results`
pub async fn results_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    Query(q): Query<ResultsQuery>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    let task = results_task(&state, &ctx, &access, id).await?;
    let t = ctx.t;
    let yes_no = (t.get("poll-yes"), t.get("poll-no"));
    let yn = (yes_no.0.as_str(), yes_no.1.as_str());
    let responses = service::responses(&state.db, &task).await?;
    let refs: Vec<&results::Response> = responses.iter().collect();
    let overall = result_blocks(&t, results::count_all(&task.questions, &refs, yn), "all");
    let by = Dimension::parse(&q.by);
    let anonymous = task.anonymity().is_anonymous();
    let min = results::breakdown_min_group(
        access.role,
        task.anonymity(),
        state.settings.results_min_group,
    );
    let groups = match by {
        None => Vec::new(),
        Some(d) => results::breakdown(&task.questions, &responses, d, min, yn)
            .into_iter()
            .enumerate()
            .map(|(i, g)| GroupBlock {
                prefix: format!("group{i}"),
                heading: match &g.value {
                    Some(v) => fact_label(&t, d, v),
                    None => t.get("poll-group-other"),
                },
                answer_sets: g.answer_sets,
                merged: g.merged,
                blocks: result_blocks(&t, g.results, &format!("g{i}")),
            })
            .collect(),
    };
    let shown: u64 = groups.iter().map(|g: &GroupBlock| g.answer_sets).sum();
    let groups_hidden_note = (by.is_some()
        && min > 1
        && (shown < responses.len() as u64 || groups.iter().any(|g| g.merged)))
    .then(|| {
        t.args(
            "poll-groups-hidden",
            &[("min", crate::i18n::FluentArg::Num(min as i64))],
        )
    });
    let aim_notes = aim_notes(&state, &t, &access, &task).await?;
    let rounds = rounds_view(&state, &t, &access, &task, by, min, yn).await?;
    Ok(render(&ResultsPage {
        aim_notes,
        rounds,
        nav: PanelNav::new(&access, "tasks"),
        url: task_url(&access, id),
        disclosure: disclosure(&t, &task),
        answer_sets: responses.len() as u64,
        by,
        overall,
        groups,
        facilitator: access.is_facilitator(),
        anonymous,
        groups_hidden_note,
        task,
        ctx,
    })?
    .into_response())
}

/// The rounds side by side, when the task has an earlier round the reader may compare.
async fn rounds_view(
    state: &AppState,
    t: &Tr,
    access: &PanelAccess,
    task: &TaskView,
    by: Option<Dimension>,
    min: usize,
    yes_no: (&str, &str),
) -> AppResult<Option<RoundsView>> {
    if task.row.previous_task_id.is_none() || task.ideas.is_some() {
        return Ok(None);
    }
    let loaded = service::rounds_of(&state.db, access, task, now()).await?;
    if loaded.len() < 2 {
        return Ok(None);
    }
    let data = service::round_data(&loaded);
    let infos: Vec<rounds::RoundInfo> = data.iter().map(|d| d.info.clone()).collect();
    let blocks = rounds_blocks(
        t,
        &infos,
        &rounds::compare(&data, yes_no),
        ("rounds", "rounds"),
    );
    let groups = match by {
        Some(d) if !task.anonymity().is_anonymous() => rounds::compare_by(&data, d, min, yes_no)
            .into_iter()
            .enumerate()
            .map(|(i, g)| {
                // Each round's chart counts the group's own answer sets.
                let group_infos: Vec<rounds::RoundInfo> = infos
                    .iter()
                    .zip(&g.answer_sets)
                    .map(|(info, n)| rounds::RoundInfo {
                        answer_sets: n.unwrap_or(0),
                        ..info.clone()
                    })
                    .collect();
                (
                    t.arg("rounds-by-group", "group", fact_label(t, d, &g.value)),
                    g.answer_sets
                        .iter()
                        .map(|n| n.map_or("–".to_owned(), |n| n.to_string()))
                        .collect(),
                    rounds_blocks(
                        t,
                        &group_infos,
                        &g.questions,
                        (&format!("rg{}", i + 1), &format!("rg{i}")),
                    ),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Some(RoundsView {
        headings: infos.iter().map(|i| round_heading(t, i)).collect(),
        blocks,
        groups,
    }))
}

/// `GET /panels/{slug}/tasks/{id}/results.csv`: facilitators only, and only once the results
/// are theirs to see.
pub async fn export_csv(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    require_facilitator(&access)?;
    let task = results_task(&state, &ctx, &access, id).await?;
    let t = ctx.t;
    let anonymous = task.anonymity().is_anonymous();
    // The earlier rounds' answer sets too, each round named in its own column.
    let mut rounds: Vec<(TaskView, Vec<crate::entities::tasks::answer_set::Model>)> = Vec::new();
    for (round, _) in service::rounds_of(&state.db, &access, &task, now()).await? {
        let sets = store::answer_sets_of(&state.db, round.row.id).await?;
        rounds.push((round, sets));
    }
    let mut names: HashMap<i32, (String, String)> = HashMap::new();
    if !anonymous {
        let companies = access::companies(&state.db, access.id()).await?;
        let ids: Vec<i32> = rounds
            .iter()
            .flat_map(|(_, sets)| sets.iter().filter_map(|s| s.respondent_id))
            .collect();
        for u in store::users_by_ids(&state.db, &ids).await? {
            let company = companies
                .iter()
                .find(|c| c.user_id == u.id)
                .map(|c| c.company.clone())
                .unwrap_or_default();
            names.insert(
                u.id,
                (crate::people::model::PersonName::of(&u).shown(&t), company),
            );
        }
    }
    let label = |d: Dimension, v: &Option<String>| {
        v.as_deref()
            .map(|v| fact_label(&t, d, v))
            .unwrap_or_default()
    };
    let export_row = |s: &crate::entities::tasks::answer_set::Model| export::ExportRow {
        respondent: (!anonymous).then(|| {
            let (name, company) = s
                .respondent_id
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_default();
            export::Respondent {
                name,
                company,
                industry: label(Dimension::Industry, &s.industry),
                region: label(Dimension::Region, &s.region),
                stage: label(Dimension::Stage, &s.stage),
                saved_at: s
                    .saved_at
                    .map(|at| {
                        at.with_timezone(&chrono_tz::Europe::Helsinki)
                            .format("%Y-%m-%d %H:%M")
                            .to_string()
                    })
                    .unwrap_or_default(),
            }
        }),
        answers: service::answers_of(s),
    };
    let rows: Vec<export::RoundRows<'_>> = rounds
        .iter()
        .map(|(round, sets)| export::RoundRows {
            round: round.row.round,
            questions: &round.questions,
            rows: sets.iter().map(&export_row).collect(),
        })
        .collect();
    let headings = export::Headings {
        round: t.get("rounds-csv-round"),
        name: t.get("poll-csv-name"),
        company: t.get("poll-csv-company"),
        industry: t.get("poll-breakdown-industry"),
        region: t.get("poll-breakdown-region"),
        stage: t.get("poll-breakdown-stage"),
        saved_at: t.get("poll-csv-saved-at"),
        yes: t.get("poll-yes"),
        no: t.get("poll-no"),
    };
    let bytes =
        export::export(&rows, anonymous, &headings).map_err(|e| AppError::Internal(e.into()))?;
    let filename = format!(
        "{}-{}.csv",
        crate::blog::model::slugify(&task.row.title),
        task.row.id
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
