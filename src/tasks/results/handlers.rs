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

use super::{Dimension, QuestionResult, Tally, chart::BarChart, csv as export, one_decimal};
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
    Ok(render(&ResultsPage {
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
    let sets = store::answer_sets_of(&state.db, task.row.id).await?;
    let mut names: HashMap<i32, (String, String)> = HashMap::new();
    if !anonymous {
        let companies = access::companies(&state.db, access.id()).await?;
        let ids: Vec<i32> = sets.iter().filter_map(|s| s.respondent_id).collect();
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
    let rows: Vec<export::ExportRow> = sets
        .iter()
        .map(|s| export::ExportRow {
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
        })
        .collect();
    let headings = export::Headings {
        name: t.get("poll-csv-name"),
        company: t.get("poll-csv-company"),
        industry: t.get("poll-breakdown-industry"),
        region: t.get("poll-breakdown-region"),
        stage: t.get("poll-breakdown-stage"),
        saved_at: t.get("poll-csv-saved-at"),
        yes: t.get("poll-yes"),
        no: t.get("poll-no"),
    };
    let bytes = export::export(&task.questions, &rows, anonymous, &headings)
        .map_err(|e| AppError::Internal(e.into()))?;
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
