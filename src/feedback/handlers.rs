//! Feedback pages: the public form and its thank-you page, and the staff's inbox (list, item,
//! topics, counts). Thin: parse, call `service`, render.
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{
    entities::{feedback_item as item, feedback_topic as topic},
    model::{FeedbackForm, Refusal, Status},
    service::{self, Destination, FeedbackError, FormTarget, Inbox, ItemView},
    stats::Counts,
    store::Filter,
};
use crate::{
    auth::{ClientIp, CurrentUser},
    entities::{organization, user},
    error::{AppResult, FieldError},
    i18n::{FluentArg, Lang},
    markdown::SafeHtml,
    state::AppState,
    tasks::results::chart::BarChart,
    web::{FormErrors, PageCtx, render, see_other},
};

// ----- The public form -----

#[derive(Template)]
#[template(path = "feedback/form.html")]
pub struct FormPage {
    pub ctx: PageCtx,
    pub target: FormTarget,
    pub topics: Vec<topic::Model>,
    pub form: FeedbackForm,
    pub stamp: String,
    pub errors: FormErrors,
}

impl FormPage {
    pub fn langs(&self) -> &'static [Lang] {
        &Lang::ALL
    }
    /// The language preselected: what the sender chose, else the page's.
    pub fn chosen_lang(&self) -> &str {
        if self.form.language.is_empty() {
            self.ctx.lang.code()
        } else {
            &self.form.language
        }
    }
    /// `aria-describedby` for a field: its hint (if any) and its error (if any).
    pub fn described_by(&self, field: &str, hint: bool) -> String {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{field}-hint"));
        }
        if self.errors.has(field) {
            ids.push(format!("{field}-error"));
        }
        ids.join(" ")
    }
    /// The page's heading: the organisation's form, or a panel's.
    pub fn title(&self) -> String {
        match &self.target.panel {
            Some(p) => self.ctx.t.args(
                "feedback-panel-form-title",
                &[
                    ("panel", FluentArg::Str(p.name.clone())),
                    ("org", FluentArg::Str(self.target.org.name.clone())),
                ],
            ),
            None => self
                .ctx
                .t
                .arg("feedback-form-title", "org", &self.target.org.name),
        }
    }
}

async fn form_page(
    state: &AppState,
    ctx: PageCtx,
    target: FormTarget,
    form: FeedbackForm,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> AppResult<Response> {
    let topics = service::open_topics(&state.db, target.org.id).await?;
    let page = FormPage {
        stamp: service::form_stamp(&state.db).await?,
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
        target,
        topics,
        form,
    };
    Ok((status, render(&page)?).into_response())
}

/// A form to fill in, empty.
async fn blank_form(state: &AppState, ctx: PageCtx, target: FormTarget) -> AppResult<Response> {
    let form = FeedbackForm::default();
    form_page(state, ctx, target, form, Vec::new(), StatusCode::OK).await
}

/// `GET /feedback/{org}`: the organisation's public feedback form.
pub async fn show_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(short): Path<String>,
) -> AppResult<Response> {
    let target = service::organization_form(&state.db, &short).await?;
    blank_form(&state, ctx, target).await
}

/// `GET /panels/{slug}/feedback`: a panel's public feedback form, when it offers one.
pub async fn show_panel_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let target = service::panel_form(&state.db, &slug).await?;
    blank_form(&state, ctx, target).await
}

/// `POST /feedback/{org}`: send feedback; refused sendings get the form back, filled in.
pub async fn send(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(address): ClientIp,
    Path(short): Path<String>,
    Form(form): Form<FeedbackForm>,
) -> AppResult<Response> {
    let target = service::organization_form(&state.db, &short).await?;
    send_to(&state, ctx, &address, target, form).await
}

/// `POST /panels/{slug}/feedback`: the same through a panel's form.
pub async fn send_panel(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(address): ClientIp,
    Path(slug): Path<String>,
    Form(form): Form<FeedbackForm>,
) -> AppResult<Response> {
    let target = service::panel_form(&state.db, &slug).await?;
    send_to(&state, ctx, &address, target, form).await
}

async fn send_to(
    state: &AppState,
    ctx: PageCtx,
    address: &str,
    target: FormTarget,
    mut form: FeedbackForm,
) -> AppResult<Response> {
    match service::submit(&state.db, &target, &form, address, ctx.lang).await {
        Ok(_) => Ok(see_other(&format!("{}/thanks", target.path())).into_response()),
        Err(FeedbackError::Fields(errors)) => {
            form_page(
                state,
                ctx,
                target,
                form,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(FeedbackError::Refused(refusal)) => {
            let status = match refusal {
                Refusal::RateLimited => StatusCode::TOO_MANY_REQUESTS,
                Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                Refusal::Honeypot | Refusal::TooFast => StatusCode::UNPROCESSABLE_ENTITY,
            };
            // The honeypot's content is not shown back.
            form.website.clear();
            form_page(
                state,
                ctx,
                target,
                form,
                vec![refusal.field_error()],
                status,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "feedback/thanks.html")]
pub struct ThanksPage {
    pub ctx: PageCtx,
    pub target: FormTarget,
}

/// `GET /feedback/{org}/thanks`
pub async fn thanks(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(short): Path<String>,
) -> AppResult<Response> {
    let target = service::organization_form(&state.db, &short).await?;
    Ok(render(&ThanksPage { ctx, target })?.into_response())
}

/// `GET /panels/{slug}/feedback/thanks`
pub async fn panel_thanks(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let target = service::panel_form(&state.db, &slug).await?;
    Ok(render(&ThanksPage { ctx, target })?.into_response())
}

// ----- The inboxes -----

#[derive(Template)]
#[template(path = "feedback/inboxes.html")]
pub struct InboxesPage {
    pub ctx: PageCtx,
    pub orgs: Vec<organization::Model>,
}

/// `GET /feedback`: the inboxes this person may open (404 for anyone who may open none).
pub async fn inboxes(
    State(state): State<AppState>,
    ctx: PageCtx,
    staff: CurrentUser,
) -> AppResult<Response> {
    let orgs = service::inboxes(&state.db, &staff).await?;
    if orgs.is_empty() {
        return Err(FeedbackError::NotFound.into());
    }
    Ok(render(&InboxesPage { ctx, orgs })?.into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct InboxQuery {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub topic: String,
}

impl InboxQuery {
    pub fn filter(&self) -> Filter {
        Filter {
            status: Status::parse(&self.status),
            topic_id: self.topic.parse().ok(),
        }
    }
}

/// One row of the inbox list.
pub struct Row {
    pub item: item::Model,
    pub topic: String,
    pub excerpt: String,
}

#[derive(Template)]
#[template(path = "feedback/inbox.html")]
pub struct InboxPage {
    pub ctx: PageCtx,
    pub org: organization::Model,
    pub rows: Vec<Row>,
    pub topics: Vec<topic::Model>,
    pub query: InboxQuery,
}

impl InboxPage {
    pub fn statuses(&self) -> [Status; 4] {
        Status::ALL
    }
    pub fn is_status(&self, s: &Status) -> bool {
        s.as_str() == self.query.status
    }
    pub fn is_topic(&self, id: &i32) -> bool {
        id.to_string() == self.query.topic
    }
    pub fn status_label(&self, code: &str) -> String {
        Status::parse(code)
            .map(|s| self.ctx.t.get(s.label_key()))
            .unwrap_or_default()
    }
}

fn topic_name(topics: &[topic::Model], id: i32) -> String {
    topics
        .iter()
        .find(|t| t.id == id)
        .map(|t| t.name.clone())
        .unwrap_or_default()
}

fn excerpt(text: &str) -> String {
    let mut s: String = text.chars().take(120).collect();
    if text.chars().count() > 120 {
        s.push('…');
    }
    s
}

/// `GET /feedback/{org}/inbox?status=&topic=`
pub async fn inbox(
    State(state): State<AppState>,
    ctx: PageCtx,
    staff: CurrentUser,
    Path(short): Path<String>,
    Query(query): Query<InboxQuery>,
) -> AppResult<Response> {
    let inbox = service::open_inbox(&state.db, &staff, &short).await?;
    let topics = service::all_topics(&state.db, &inbox).await?;
    let rows = service::list(&state.db, &inbox, query.filter())
        .await?
        .into_iter()
        .map(|item| Row {
            topic: topic_name(&topics, item.topic_id),
            excerpt: excerpt(&item.body_md),
            item,
        })
        .collect();
    let page = InboxPage {
        ctx,
        org: inbox.org,
        rows,
        topics,
        query,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "feedback/item.html")]
pub struct ItemPage {
    pub ctx: PageCtx,
    pub org: organization::Model,
    pub view: ItemView,
    pub staff: Vec<user::Model>,
    pub panels: Vec<crate::entities::panel::Model>,
    pub published: Option<String>,
    pub errors: FormErrors,
}

impl ItemPage {
    pub fn body(&self) -> SafeHtml {
        SafeHtml::from_stored(self.view.item.body_html.clone())
    }
    pub fn statuses(&self) -> [Status; 4] {
        Status::ALL
    }
    pub fn status_label(&self) -> String {
        Status::parse(&self.view.item.status)
            .map(|s| self.ctx.t.get(s.label_key()))
            .unwrap_or_default()
    }
    pub fn is_status(&self, s: &Status) -> bool {
        s.as_str() == self.view.item.status
    }
    pub fn is_assignee(&self, id: &i32) -> bool {
        self.view.item.assignee_id == Some(*id)
    }
    pub fn language_name(&self) -> &'static str {
        Lang::parse(&self.view.item.language)
            .map(Lang::native_name)
            .unwrap_or("")
    }
    /// Whether the item came through panel `id`'s form (its topic is then the default place to
    /// publish it).
    pub fn came_through(&self, id: &i32) -> bool {
        self.view.item.panel_id == Some(*id)
    }
    pub fn base(&self) -> String {
        format!(
            "/feedback/{}/inbox/{}",
            self.org.short_name, self.view.item.id
        )
    }
}

async fn item_page(
    state: &AppState,
    ctx: PageCtx,
    inbox: Inbox,
    id: i32,
    errors: Vec<FieldError>,
) -> AppResult<Response> {
    let view = service::item_view(&state.db, &inbox, id).await?;
    let staff = service::assignable(&state.db, &inbox).await?;
    let published = service::published_path(&state.db, &view.item).await?;
    let panels = service::panels_to_publish_in(&state.db, &inbox).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ItemPage {
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
        org: inbox.org,
        view,
        staff,
        panels,
        published,
    };
    Ok((status, render(&page)?).into_response())
}

/// `GET /feedback/{org}/inbox/{id}`
pub async fn show_item(
    State(state): State<AppState>,
    ctx: PageCtx,
    staff: CurrentUser,
    Path((short, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let inbox = service::open_inbox(&state.db, &staff, &short).await?;
    item_page(&state, ctx, inbox, id, Vec::new()).await
}

/// After an action: back to the item with a notice, or the item page with the problem.
async fn after(
    state: &AppState,
    ctx: PageCtx,
    inbox: Inbox,
    id: i32,
    result: Result<(), FeedbackError>,
    notice: &str,
) -> AppResult<Response> {
    match result {
        Ok(()) => {
            ctx.flash(notice, None).await?;
            Ok(
                see_other(&format!("/feedback/{}/inbox/{id}", inbox.org.short_name))
                    .into_response(),
            )
        }
        Err(FeedbackError::Fields(errors)) => item_page(state, ctx, inbox, id, errors).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ItemForm {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub assignee: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub reply: String,
    #[serde(default)]
    pub target: String,
}

/// `POST /feedback/{org}/inbox/{id}/status`
pub async fn set_status(
    State(state): State<AppState>,
    ctx: PageCtx,
    staff: CurrentUser,
    Path((short, id)): Path<(String, i32)>,
    Form(form): Form<ItemForm>,
) -> AppResult<Response> {
    let inbox = service::open_inbox(&state.db, &staff, &short).await?;
    let result = match Status::parse_field(&form.status) {
        Ok(status) => service::set_status(&state.db, &inbox, id, status)
            .await
            .map(drop),
        Err(e) => Err(FeedbackError::Fields(vec![e])),
    };
    after(&state, ctx, inbox, id, result, "feedback-status-saved").await
}

/// `POST /feedback/{org}/inbox/{id}/assign`
pub async fn assign(
    State(state): State<AppState>,
    ctx: PageCtx,
    staff: CurrentUser,
    Path((short, id)): Path<(String, i32)>,
    Form(form): Form<ItemForm>,
) -> AppResult<Response> {
    let inbox = service::open_inbox(&state.db, &staff, &short).await?;
    let result = match form.assignee.trim() {
        "" => service::assign(&state.db, &inbox, id, None).await.map(drop),
        raw => match raw.parse::<i32>() {
            Ok(person) => service::assign(&state.db, &inbox, id, Some(person))
                .await
                .map(drop),
            Err(_) => Err(FeedbackError::Fields(vec![FieldError::new(
                "assignee",
                "feedback-assignee-invalid",
            )])),
        },
    };
    after(&state, ctx, inbox, id, result, "feedback-assign-saved").await
}

/// `POST /feedback/{org}/inbox/{id}/notes`
pub async fn add_note(
    State(state): State<AppState>,
    ctx: PageCtx,
    staff: CurrentUser,
    Path((short, id)): Path<(String, i32)>,
    Form(form): Form<ItemForm>,
) -> AppResult<Response> {
    let inbox = service::open_inbox(&state.db, &staff, &short).await?;
    let result = service::add_note(&state.db, &inbox, id, &form.note)
        .await
        .map(drop);
    after(&state, ctx, inbox, id, result, "feedback-note-saved").await
}

/// `POST /feedback/{org}/inbox/{id}/reply`
pub async fn reply(
    State(state): State<AppState>,
    ctx: PageCtx,
    staff: CurrentUser,
    Path((short, id)): Path<(String, i32)>,
    Form(form): Form<ItemForm>,
) -> AppResult<Response> {
    let inbox = service::open_inbox(&state.db, &staff, &short).await?;
    let result = service::reply(&state.db, &state.mailer, &inbox, id, &form.reply)
        .await
        .map(drop);
    after(&state, ctx, inbox, id, result, "feedback-reply-sent").await
}

/// `POST /feedback/{org}/inbox/{id}/publish`: as a public post of the person publishing, or
/// as a discussion topic of one of the organisation's panels (`target=panel:{slug}`).
pub async fn publish(
    State(state): State<AppState>,
    ctx: PageCtx,
    staff: CurrentUser,
    Path((short, id)): Path<(String, i32)>,
    Form(form): Form<ItemForm>,
) -> AppResult<Response> {
    let inbox = service::open_inbox(&state.db, &staff, &short).await?;
    let result = match Destination::parse_field(&form.target) {
        Ok(to) => service::publish(&state.db, &inbox, id, to, state.settings.write_rate)
            .await
            .map(drop),
        Err(e) => Err(FeedbackError::Fields(vec![e])),
    };
    after(&state, ctx, inbox, id, result, "feedback-published").await
}

// ----- Topics -----

#[derive(Template)]
#[template(path = "feedback/topics.html")]
pub struct TopicsPage {
    pub ctx: PageCtx,
    pub org: organization::Model,
    pub topics: Vec<topic::Model>,
    pub can_keep: bool,
    pub name: String,
    pub errors: FormErrors,
}

async fn topics_page(
    state: &AppState,
    ctx: PageCtx,
    inbox: Inbox,
    name: String,
    errors: Vec<FieldError>,
) -> AppResult<Response> {
    let topics = service::all_topics(&state.db, &inbox).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = TopicsPage {
        can_keep: inbox.can_keep_topics(),
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
        org: inbox.org,
        topics,
        name,
    };
    Ok((status, render(&page)?).into_response())
}

/// `GET /feedback/{org}/topics`
pub async fn topics(
    State(state): State<AppState>,
    ctx: PageCtx,
    staff: CurrentUser,
    Path(short): Path<String>,
) -> AppResult<Response> {
    let inbox = service::open_inbox(&state.db, &staff, &short).await?;
    topics_page(&state, ctx, inbox, String::new(), Vec::new()).await
}

#[derive(Debug, Default, Deserialize)]
pub struct TopicForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub retired: String,
}

/// `POST /feedback/{org}/topics`: add a topic.
pub async fn add_topic(
    State(state): State<AppState>,
    ctx: PageCtx,
    staff: CurrentUser,
    Path(short): Path<String>,
    Form(form): Form<TopicForm>,
) -> AppResult<Response> {
    let inbox = service::open_inbox(&state.db, &staff, &short).await?;
    match service::add_topic(&state.db, &inbox, &form.name).await {
        Ok(_) => {
            ctx.flash("feedback-topic-saved", None).await?;
            Ok(see_other(&format!("/feedback/{short}/topics")).into_response())
        }
        Err(FeedbackError::Fields(errors)) => {
            topics_page(&state, ctx, inbox, form.name, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /feedback/{org}/topics/{id}`: rename, retire or bring back a topic.
pub async fn change_topic(
    State(state): State<AppState>,
    ctx: PageCtx,
    staff: CurrentUser,
    Path((short, id)): Path<(String, i32)>,
    Form(form): Form<TopicForm>,
) -> AppResult<Response> {
    let inbox = service::open_inbox(&state.db, &staff, &short).await?;
    let retired = !form.retired.is_empty();
    match service::change_topic(&state.db, &inbox, id, &form.name, retired).await {
        Ok(_) => {
            ctx.flash("feedback-topic-saved", None).await?;
            Ok(see_other(&format!("/feedback/{short}/topics")).into_response())
        }
        Err(FeedbackError::Fields(errors)) => {
            topics_page(&state, ctx, inbox, String::new(), errors).await
        }
        Err(e) => Err(e.into()),
    }
}

// ----- Counts -----

#[derive(Template)]
#[template(path = "feedback/stats.html")]
pub struct StatsPage {
    pub ctx: PageCtx,
    pub org: organization::Model,
    pub counts: Counts,
    pub chart: Option<BarChart>,
}

async fn counts(state: &AppState, inbox: &Inbox) -> AppResult<Counts> {
    let topics = service::all_topics(&state.db, inbox).await?;
    let items = service::list(&state.db, inbox, Filter::default()).await?;
    Ok(Counts::tally(&topics, &items))
}

/// `GET /feedback/{org}/stats`: counts per topic and month, as a chart and a table.
pub async fn stats(
    State(state): State<AppState>,
    ctx: PageCtx,
    staff: CurrentUser,
    Path(short): Path<String>,
) -> AppResult<Response> {
    let inbox = service::open_inbox(&state.db, &staff, &short).await?;
    let counts = counts(&state, &inbox).await?;
    let chart = counts.chart(
        ctx.t
            .arg("feedback-stats-chart-title", "org", &inbox.org.name),
        ctx.t.get("feedback-stats-chart-desc"),
    );
    let page = StatsPage {
        ctx,
        org: inbox.org,
        counts,
        chart,
    };
    Ok(render(&page)?.into_response())
}

/// `GET /feedback/{org}/stats.csv`: the same counts as CSV with a BOM.
pub async fn stats_csv(
    State(state): State<AppState>,
    ctx: PageCtx,
    staff: CurrentUser,
    Path(short): Path<String>,
) -> AppResult<Response> {
    let inbox = service::open_inbox(&state.db, &staff, &short).await?;
    let counts = counts(&state, &inbox).await?;
    let bytes = counts
        .csv(&ctx.t.get("feedback-stats-month"))
        .map_err(|e| anyhow::anyhow!("csv: {e}"))?;
    let filename = format!("feedback-{}.csv", inbox.org.short_name);
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
