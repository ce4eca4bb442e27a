//! What goes into the index: the documents of posts, comments, workshops' minutes and panel
//! tasks as they are now, each only while its owning feature shows it
//! (`blog::visibility`, `comments::visibility`, `workshops::visibility`), in its scope.
use std::{
    collections::{BTreeSet, HashMap},
    sync::{Mutex, PoisonError},
};

use sea_orm::{
    ColumnTrait, EntityTrait, IdenStatic, Iterable, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use tantivy::TantivyDocument;

use super::{
    super::{
        schema::{self, Analyser, Fields},
        scope::Scope,
    },
    Search, SearchError,
    words::Words,
    writer::Targets,
};
use crate::{
    blog, comments,
    entities::{
        comment, label, organization, post, post_label,
        tasks::{option, question, task},
        user, workshop, workshop_agenda_item,
    },
    i18n::Lang,
    workshops,
};

impl Search {
    /// The documents of these targets as they are now; nothing for a draft, a removed or
    /// hidden comment, a comment on a draft, or a cancelled workshop or one without minutes.
    /// The rows are read here; the texts are analysed on blocking threads, in parallel.
    pub(super) async fn documents(
        &self,
        targets: &Targets,
    ) -> Result<Vec<TantivyDocument>, SearchError> {
        let rows = self.rows(targets).await?;
        let fields = self.0.fields.clone();
        let analyser = self.0.analyser.clone();
        let words = Words::for_threads(&analyser, super::folders::search_threads());
        Ok(tokio::task::spawn_blocking(move || rows.documents(&fields, &analyser, &words)).await?)
    }

    /// Everything the documents of these targets are made of, read from the database.
    pub(super) async fn rows(&self, targets: &Targets) -> Result<Rows, SearchError> {
        let db = &self.0.db;
        let post_ids = targets.posts.clone();
        let comment_ids = &targets.comments;
        let workshops: Vec<workshop::Model> = workshop::Entity::find()
            .filter(workshop::Column::Id.is_in(targets.workshops.iter().copied()))
            .all(db)
            .await?
            .into_iter()
            .filter(workshops::visibility::minutes_shown)
            .collect();
        let outcomes = workshop_agenda_item::Entity::find()
            .filter(workshop_agenda_item::Column::WorkshopId.is_in(workshops.iter().map(|w| w.id)))
            .filter(workshop_agenda_item::Column::OutcomeMd.is_not_null())
            .order_by_asc(workshop_agenda_item::Column::Position)
            .all(db)
            .await?;
        // The rendered HTML is not indexed (the documents are made from the Markdown): it is
        // read as an empty string, which spares reading and copying each body a second time.
        let comments = comment::Entity::find()
            .select_only()
            .columns(comment::Column::iter().filter(|c| !matches!(c, comment::Column::BodyHtml)))
            .column_as(Expr::val(""), comment::Column::BodyHtml.as_str())
            .filter(comment::Column::Id.is_in(comment_ids.iter().copied()))
            .all(db)
            .await?;
        let mut all_posts: BTreeSet<i32> = post_ids.clone();
        all_posts.extend(comments.iter().map(|c| c.post_id));
        // Nor are a post's rendered HTML and its excerpt (read as empty strings).
        let posts = post::Entity::find()
            .select_only()
            .columns(
                post::Column::iter()
                    .filter(|c| !matches!(c, post::Column::BodyHtml | post::Column::Excerpt)),
            )
            .column_as(Expr::val(""), post::Column::BodyHtml.as_str())
            .column_as(Expr::val(""), post::Column::Excerpt.as_str())
            .filter(post::Column::Id.is_in(all_posts))
            .all(db)
            .await?;
        let tasks = task::Entity::find()
            .filter(task::Column::Id.is_in(targets.tasks.iter().copied()))
            .all(db)
            .await?;
        let questions = question::Entity::find()
            .filter(question::Column::TaskId.is_in(tasks.iter().map(|t| t.id)))
            .order_by_asc(question::Column::Position)
            .all(db)
            .await?;
        let options = option::Entity::find()
            .filter(option::Column::QuestionId.is_in(questions.iter().map(|q| q.id)))
            .order_by_asc(option::Column::Position)
            .all(db)
            .await?;
        // An ideas task's ideas, while every reader of the panel sees them.
        let ideas =
            crate::tasks::ideas::service::searchable_ideas(db, &tasks, crate::db::now()).await?;
        let mut people: BTreeSet<i32> = posts.iter().map(|p| p.author_id).collect();
        people.extend(comments.iter().map(|c| c.author_id));
        people.extend(workshops.iter().filter_map(|w| w.minutes_by));
        people.extend(tasks.iter().map(|t| t.created_by));
        let people = user::Entity::find()
            .filter(user::Column::Id.is_in(people))
            .all(db)
            .await?;
        let orgs = organization::Entity::find()
            .filter(
                organization::Column::Id.is_in(
                    people
                        .iter()
                        .filter_map(|p| p.organization_id)
                        .collect::<BTreeSet<_>>(),
                ),
            )
            .all(db)
            .await?;
        let post_ids_all: Vec<i32> = posts.iter().map(|p| p.id).collect();
        let links = post_label::Entity::find()
            .filter(post_label::Column::PostId.is_in(post_ids_all))
            .all(db)
            .await?;
        // Panel discussion topics (and their replies) belong to their panel's scope only.
        let panel_of: HashMap<i32, i32> = crate::entities::panel_topic::Entity::find()
            .filter(crate::entities::panel_topic::Column::PostId.is_in(posts.iter().map(|p| p.id)))
            .all(db)
            .await?
            .into_iter()
            .map(|t| (t.post_id, t.panel_id))
            .collect();
        let label_rows: HashMap<i32, label::Model> = label::Entity::find()
            .filter(
                label::Column::Id.is_in(links.iter().map(|l| l.label_id).collect::<BTreeSet<_>>()),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|l| (l.id, l))
            .collect();
        let mut labels_by_post: HashMap<i32, Vec<(i32, String)>> = HashMap::new();
        for link in &links {
            if let Some(x) = label_rows.get(&link.label_id) {
                labels_by_post
                    .entry(link.post_id)
                    .or_default()
                    .push((x.id, x.name.clone()));
            }
        }
        Ok(Rows {
            post_ids,
            posts: posts.into_iter().map(|p| (p.id, p)).collect(),
            comments,
            workshops,
            outcomes,
            tasks,
            questions,
            options,
            ideas,
            people: people.into_iter().map(|p| (p.id, p)).collect(),
            orgs: orgs.into_iter().map(|o| (o.id, o)).collect(),
            labels_by_post,
            panel_of,
        })
    }
}

/// The rows some targets' documents are made of (see `Search::rows`), looked up by id.
pub(super) struct Rows {
    /// The posts asked for (`posts` also has those of the comments).
    post_ids: BTreeSet<i32>,
    posts: HashMap<i32, post::Model>,
    comments: Vec<comment::Model>,
    workshops: Vec<workshop::Model>,
    outcomes: Vec<workshop_agenda_item::Model>,
    tasks: Vec<task::Model>,
    questions: Vec<question::Model>,
    options: Vec<option::Model>,
    /// An ideas task's ideas as searchable text, by task (see `tasks::ideas`).
    ideas: HashMap<i32, String>,
    people: HashMap<i32, user::Model>,
    orgs: HashMap<i32, organization::Model>,
    labels_by_post: HashMap<i32, Vec<(i32, String)>>,
    panel_of: HashMap<i32, i32>,
}

/// One document to make: which row.
#[derive(Clone, Copy)]
enum Item<'a> {
    Post(&'a post::Model),
    Comment(&'a comment::Model, &'a post::Model),
    Minutes(&'a workshop::Model),
    Task(&'a task::Model),
}

impl Rows {
    /// The documents, made on as many threads as `words` has memories (each takes an equal
    /// share, in order, with its own memory).
    pub(super) fn documents(
        &self,
        f: &Fields,
        analyser: &Analyser,
        words: &[Mutex<Words>],
    ) -> Vec<TantivyDocument> {
        let items = self.items();
        let share = items.len().div_ceil(words.len().max(1)).max(1);
        let make = |part: &[Item<'_>], words: &Mutex<Words>| {
            let mut words = words.lock().unwrap_or_else(PoisonError::into_inner);
            self.made(f, analyser, &mut words, part)
        };
        let Some(first) = words.first() else {
            return Vec::new();
        };
        if items.len() <= share {
            return make(&items, first);
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> = items
                .chunks(share)
                .zip(words)
                .map(|(part, words)| scope.spawn(move || make(part, words)))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    }

    /// The documents, made on this thread (a rebuild's analysis threads each take whole
    /// chunks of rows).
    pub(super) fn documents_here(
        &self,
        f: &Fields,
        analyser: &Analyser,
        words: &mut Words,
    ) -> Vec<TantivyDocument> {
        self.made(f, analyser, words, &self.items())
    }

    fn made(
        &self,
        f: &Fields,
        analyser: &Analyser,
        words: &mut Words,
        items: &[Item<'_>],
    ) -> Vec<TantivyDocument> {
        items
            .iter()
            .filter_map(|&item| self.document(f, analyser, words, item))
            .collect()
    }

    /// What is searchable: published posts asked for, shown comments on published posts,
    /// workshops' minutes and tasks.
    fn items(&self) -> Vec<Item<'_>> {
        let mut items = Vec::new();
        for id in &self.post_ids {
            if let Some(p) = self.posts.get(id)
                && blog::visibility::is_published(p)
            {
                items.push(Item::Post(p));
            }
        }
        for c in &self.comments {
            if let Some(p) = self.posts.get(&c.post_id)
                && blog::visibility::is_published(p)
                && comments::visibility::is_shown(c)
            {
                items.push(Item::Comment(c, p));
            }
        }
        items.extend(self.workshops.iter().map(Item::Minutes));
        items.extend(self.tasks.iter().map(Item::Task));
        items
    }

    fn labels_of(&self, post: i32) -> &[(i32, String)] {
        self.labels_by_post.get(&post).map_or(&[], Vec::as_slice)
    }

    fn org_of(&self, author: i32) -> Option<i32> {
        self.people.get(&author).and_then(|p| p.organization_id)
    }

    fn byline(&self, author: i32) -> String {
        let person = self.people.get(&author);
        let org = person
            .and_then(|p| p.organization_id)
            .and_then(|o| self.orgs.get(&o));
        // A removed person's name is not indexed (the index has no reader's language).
        let name = person.map(crate::people::model::PersonName::of);
        format!(
            "{} {}",
            name.as_ref().map_or("", |n| n.neutral()),
            org.map_or("", |o| o.name.as_str())
        )
    }

    fn document(
        &self,
        f: &Fields,
        analyser: &Analyser,
        words: &mut Words,
        item: Item<'_>,
    ) -> Option<TantivyDocument> {
        Some(match item {
            Item::Post(p) => {
                let body = crate::markdown::excerpt(&p.body_md, usize::MAX);
                let date = p.published_at.unwrap_or(p.created_at).timestamp_millis();
                document(
                    f,
                    analyser,
                    words,
                    Doc {
                        key: format!("post:{}", p.id),
                        kind: "post",
                        id: p.id,
                        post: p,
                        panel: self.panel_of.get(&p.id).copied(),
                        title: &p.title,
                        body: &body,
                        byline: &self.byline(p.author_id),
                        date,
                        author: p.author_id,
                        org: self.org_of(p.author_id),
                        labels: self.labels_of(p.id),
                    },
                )
            }
            Item::Comment(c, p) => {
                let body = crate::markdown::excerpt(&c.body_md, usize::MAX);
                document(
                    f,
                    analyser,
                    words,
                    Doc {
                        key: format!("comment:{}", c.id),
                        kind: "comment",
                        id: c.id,
                        post: p,
                        panel: self.panel_of.get(&p.id).copied(),
                        title: "",
                        body: &body,
                        byline: &self.byline(c.author_id),
                        date: c.created_at.timestamp_millis(),
                        author: c.author_id,
                        org: self.org_of(c.author_id),
                        labels: self.labels_of(p.id),
                    },
                )
            }
            // A workshop's minutes, readable by the panel's members: Finnish (the panel's
            // working language; a workshop has no language of its own), dated by the workshop.
            Item::Minutes(w) => {
                // The minutes, then each agenda item with its outcome.
                let mut body = w
                    .minutes
                    .as_deref()
                    .map(|m| crate::markdown::excerpt(m, usize::MAX))
                    .unwrap_or_default();
                for item in self.outcomes.iter().filter(|i| i.workshop_id == w.id) {
                    let outcome = item.outcome_md.as_deref().unwrap_or_default();
                    body.push_str(&format!(
                        "\n\n{}: {}",
                        item.title,
                        crate::markdown::excerpt(outcome, usize::MAX)
                    ));
                }
                if body.trim().is_empty() {
                    return None;
                }
                let author = workshops::visibility::minutes_author(w);
                panel_document(
                    f,
                    analyser,
                    words,
                    PanelDoc {
                        key: format!("workshop:{}", w.id),
                        kind: "minutes",
                        kind_code: schema::KIND_MINUTES,
                        id: w.id,
                        panel: w.panel_id,
                        title: &w.title,
                        body: &body,
                        byline: &self.byline(author),
                        author,
                        org: self.org_of(author),
                        date: w.starts_at.timestamp_millis(),
                        aimed: false,
                    },
                )
            }
            // A panel task: its title, introduction, questions and options (never answers),
            // and an ideas task's ideas.
            Item::Task(t) => {
                let mut body = crate::markdown::excerpt(&t.intro_md, usize::MAX);
                if let Some(text) = self.ideas.get(&t.id) {
                    body.push_str(text);
                }
                for q in self.questions.iter().filter(|q| q.task_id == t.id) {
                    body.push_str("\n\n");
                    body.push_str(&q.prompt);
                    for o in self.options.iter().filter(|o| o.question_id == q.id) {
                        body.push('\n');
                        body.push_str(&o.label);
                    }
                }
                panel_document(
                    f,
                    analyser,
                    words,
                    PanelDoc {
                        key: format!("task:{}", t.id),
                        kind: "task",
                        kind_code: schema::KIND_TASK,
                        id: t.id,
                        panel: t.panel_id,
                        title: &t.title,
                        body: &body,
                        byline: &self.byline(t.created_by),
                        author: t.created_by,
                        org: self.org_of(t.created_by),
                        date: t.opens_at.timestamp_millis(),
                        aimed: crate::tasks::aim::Aim::of(t).is_aimed(),
                    },
                )
            }
        })
    }
}

/// A document of a panel's own (a workshop's minutes, a task), readable by the panel.
struct PanelDoc<'a> {
    key: String,
    kind: &'static str,
    kind_code: u64,
    id: i32,
    panel: i32,
    title: &'a str,
    body: &'a str,
    byline: &'a str,
    author: i32,
    org: Option<i32>,
    date: i64,
    /// A task aimed at part of its panel: readable by its own readers only (`Scope::Task`).
    aimed: bool,
}

/// Panels work in Finnish (minutes and tasks have no language of their own).
fn panel_document(
    f: &Fields,
    analyser: &Analyser,
    words: &mut Words,
    d: PanelDoc<'_>,
) -> TantivyDocument {
    let lang = Lang::Fi;
    let (title_field, body_field) = f.text_of(lang);
    let scope = if d.aimed {
        Scope::Task(d.id).term()
    } else {
        Scope::Panel(d.panel).term()
    };
    let mut doc = TantivyDocument::default();
    doc.add_text(f.key, &d.key);
    doc.add_text(f.kind, d.kind);
    doc.add_u64(f.id, d.id as u64);
    doc.add_u64(f.scope_code, Scope::code_of_term(&scope));
    doc.add_text(f.scope, scope);
    doc.add_text(f.lang, lang.code());
    doc.add_text(title_field, d.title);
    doc.add_text(body_field, d.body);
    doc.add_text(f.words, d.title);
    doc.add_text(f.words, d.body);
    doc.add_u64(f.author, d.author as u64);
    if let Some(org) = d.org {
        doc.add_u64(f.org, org as u64);
    }
    doc.add_u64(f.kind_code, d.kind_code);
    doc.add_text(f.byline, d.byline);
    doc.add_text(f.folded, d.title);
    doc.add_text(f.folded, d.body);
    add_finnish_analysis(&mut doc, f, analyser, words, lang, d.title, d.body);
    doc.add_i64(f.date, d.date);
    doc
}

/// The word pairs, and the Finnish analyser's fields: Voikko's base forms, compound parts
/// and pairs of base forms (Finnish text only), or the n-grams of the fallback.
fn add_finnish_analysis(
    doc: &mut TantivyDocument,
    f: &Fields,
    analyser: &Analyser,
    words: &mut Words,
    lang: Lang,
    title: &str,
    body: &str,
) {
    let title = words.texts(lang, title);
    let body = words.texts(lang, body);
    doc.add_text(f.pairs_title, title.pairs);
    doc.add_text(f.pairs_body, body.pairs);
    match analyser {
        Analyser::Voikko(_) if lang == Lang::Fi => {
            doc.add_text(f.base_title, title.bases);
            doc.add_text(f.base_body, body.bases);
            doc.add_text(f.parts, format!("{} {}", title.parts, body.parts));
            doc.add_text(f.grams, format!("{} {}", title.grams, body.grams));
        }
        // Swedish and English need neither base forms nor n-grams: their stems are in the
        // language fields.
        Analyser::Voikko(_) => {}
        Analyser::Snowball => doc.add_text(f.grams, title.grams + &body.grams),
    }
}

/// What goes into one document.
struct Doc<'a> {
    key: String,
    kind: &'static str,
    id: i32,
    post: &'a post::Model,
    /// The panel whose discussion topic the post is, if it is one.
    panel: Option<i32>,
    title: &'a str,
    body: &'a str,
    byline: &'a str,
    date: i64,
    author: i32,
    org: Option<i32>,
    /// The post's labels (a comment carries its post's), id and name.
    labels: &'a [(i32, String)],
}

fn document(f: &Fields, analyser: &Analyser, words: &mut Words, d: Doc<'_>) -> TantivyDocument {
    let lang = schema::post_lang(d.post);
    let (title_field, body_field) = f.text_of(lang);
    let mut doc = TantivyDocument::default();
    doc.add_text(f.key, &d.key);
    doc.add_text(f.kind, d.kind);
    doc.add_u64(f.id, d.id as u64);
    doc.add_u64(f.post_id, d.post.id as u64);
    let scope = scope_of(d.post, d.panel);
    doc.add_u64(f.scope_code, Scope::code_of_term(&scope));
    doc.add_text(f.scope, scope);
    doc.add_text(f.lang, lang.code());
    if !d.title.is_empty() {
        doc.add_text(title_field, d.title);
    }
    doc.add_text(body_field, d.body);
    for (id, name) in d.labels {
        doc.add_u64(f.label, *id as u64);
        if d.kind == "post" {
            doc.add_text(f.labels_of(lang), name);
            doc.add_text(f.words, name);
        }
    }
    doc.add_text(f.words, d.title);
    doc.add_text(f.words, d.body);
    doc.add_u64(f.author, d.author as u64);
    if let Some(org) = d.org {
        doc.add_u64(f.org, org as u64);
    }
    doc.add_u64(
        f.kind_code,
        if d.kind == "post" {
            schema::KIND_POST
        } else {
            schema::KIND_COMMENT
        },
    );
    doc.add_text(f.byline, d.byline);
    doc.add_text(f.folded, d.title);
    doc.add_text(f.folded, d.body);
    add_finnish_analysis(&mut doc, f, analyser, words, lang, d.title, d.body);
    doc.add_i64(f.date, d.date);
    doc
}

/// The access scope of a post and its comments: a panel topic's is its panel's alone.
fn scope_of(post: &post::Model, panel: Option<i32>) -> String {
    match panel {
        Some(id) => Scope::Panel(id).term(),
        None if blog::visibility::is_public(post) => Scope::Public.term(),
        None => Scope::Members.term(),
    }
}
