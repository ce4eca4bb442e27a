//! What goes into the index: the documents of posts, comments, workshops' minutes and panel
//! tasks as they are now, each only while its owning feature shows it
//! (`blog::visibility`, `comments::visibility`, `workshops::visibility`), in its scope.
use std::collections::BTreeSet;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use tantivy::TantivyDocument;

use super::{
    super::{
        schema::{self, Analyser, Fields},
        scope::Scope,
    },
    Search, SearchError,
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
    pub(super) async fn documents(
        &self,
        targets: &Targets,
    ) -> Result<Vec<TantivyDocument>, SearchError> {
        let db = &self.0.db;
        let post_ids = &targets.posts;
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
        let comments = comment::Entity::find()
            .filter(comment::Column::Id.is_in(comment_ids.iter().copied()))
            .all(db)
            .await?;
        let mut all_posts: BTreeSet<i32> = post_ids.clone();
        all_posts.extend(comments.iter().map(|c| c.post_id));
        let posts = post::Entity::find()
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
        let panel_of: std::collections::HashMap<i32, i32> =
            crate::entities::panel_topic::Entity::find()
                .filter(
                    crate::entities::panel_topic::Column::PostId.is_in(posts.iter().map(|p| p.id)),
                )
                .all(db)
                .await?
                .into_iter()
                .map(|t| (t.post_id, t.panel_id))
                .collect();
        let label_rows = label::Entity::find()
            .filter(
                label::Column::Id.is_in(links.iter().map(|l| l.label_id).collect::<BTreeSet<_>>()),
            )
            .all(db)
            .await?;
        let labels_of = |post: i32| -> Vec<(i32, String)> {
            links
                .iter()
                .filter(|l| l.post_id == post)
                .filter_map(|l| label_rows.iter().find(|x| x.id == l.label_id))
                .map(|x| (x.id, x.name.clone()))
                .collect()
        };
        let org_of = |author: i32| -> Option<i32> {
            people
                .iter()
                .find(|p| p.id == author)
                .and_then(|p| p.organization_id)
        };
        let byline = |author: i32| -> String {
            let person = people.iter().find(|p| p.id == author);
            let org = person
                .and_then(|p| p.organization_id)
                .and_then(|o| orgs.iter().find(|x| x.id == o));
            // A removed person's name is not indexed (the index has no reader's language).
            let name = person.map(crate::people::model::PersonName::of);
            format!(
                "{} {}",
                name.as_ref().map_or("", |n| n.neutral()),
                org.map_or("", |o| o.name.as_str())
            )
        };
        let f = &self.0.fields;
        let analyser = &self.0.analyser;
        let mut docs = Vec::new();
        for p in posts.iter().filter(|p| post_ids.contains(&p.id)) {
            if !blog::visibility::is_published(p) {
                continue;
            }
            let body = crate::markdown::excerpt(&p.body_md, usize::MAX);
            let date = p.published_at.unwrap_or(p.created_at).timestamp_millis();
            docs.push(document(
                f,
                analyser,
                Doc {
                    key: format!("post:{}", p.id),
                    kind: "post",
                    id: p.id,
                    post: p,
                    panel: panel_of.get(&p.id).copied(),
                    title: &p.title,
                    body: &body,
                    byline: &byline(p.author_id),
                    date,
                    author: p.author_id,
                    org: org_of(p.author_id),
                    labels: &labels_of(p.id),
                },
            ));
        }
        for c in &comments {
            let Some(p) = posts.iter().find(|p| p.id == c.post_id) else {
                continue;
            };
            if !blog::visibility::is_published(p) || !comments::visibility::is_shown(c) {
                continue;
            }
            let body = crate::markdown::excerpt(&c.body_md, usize::MAX);
            docs.push(document(
                f,
                analyser,
                Doc {
                    key: format!("comment:{}", c.id),
                    kind: "comment",
                    id: c.id,
                    post: p,
                    panel: panel_of.get(&p.id).copied(),
                    title: "",
                    body: &body,
                    byline: &byline(c.author_id),
                    date: c.created_at.timestamp_millis(),
                    author: c.author_id,
                    org: org_of(c.author_id),
                    labels: &labels_of(p.id),
                },
            ));
        }
        // A workshop's minutes, readable by the panel's members: Finnish (the panel's working
        // language; a workshop has no language of its own), dated by the workshop.
        for w in &workshops {
            // The minutes, then each agenda item with its outcome.
            let mut body = w
                .minutes
                .as_deref()
                .map(|m| crate::markdown::excerpt(m, usize::MAX))
                .unwrap_or_default();
            for item in outcomes.iter().filter(|i| i.workshop_id == w.id) {
                let outcome = item.outcome_md.as_deref().unwrap_or_default();
                body.push_str(&format!(
                    "\n\n{}: {}",
                    item.title,
                    crate::markdown::excerpt(outcome, usize::MAX)
                ));
            }
            if body.trim().is_empty() {
                continue;
            }
            let author = workshops::visibility::minutes_author(w);
            docs.push(panel_document(
                f,
                analyser,
                PanelDoc {
                    key: format!("workshop:{}", w.id),
                    kind: "minutes",
                    kind_code: schema::KIND_MINUTES,
                    id: w.id,
                    panel: w.panel_id,
                    title: &w.title,
                    body: &body,
                    byline: &byline(author),
                    author,
                    org: org_of(author),
                    date: w.starts_at.timestamp_millis(),
                },
            ));
        }
        // An ideas task's ideas, while every reader of the panel sees them.
        let ideas =
            crate::tasks::ideas::service::searchable_ideas(db, &tasks, crate::db::now()).await?;
        // A panel task: its title, introduction, questions and options (never answers), and
        // an ideas task's ideas.
        for t in &tasks {
            let mut body = crate::markdown::excerpt(&t.intro_md, usize::MAX);
            if let Some(text) = ideas.get(&t.id) {
                body.push_str(text);
            }
            for q in questions.iter().filter(|q| q.task_id == t.id) {
                body.push_str("\n\n");
                body.push_str(&q.prompt);
                for o in options.iter().filter(|o| o.question_id == q.id) {
                    body.push('\n');
                    body.push_str(&o.label);
                }
            }
            docs.push(panel_document(
                f,
                analyser,
                PanelDoc {
                    key: format!("task:{}", t.id),
                    kind: "task",
                    kind_code: schema::KIND_TASK,
                    id: t.id,
                    panel: t.panel_id,
                    title: &t.title,
                    body: &body,
                    byline: &byline(t.created_by),
                    author: t.created_by,
                    org: org_of(t.created_by),
                    date: t.opens_at.timestamp_millis(),
                },
            ));
        }
        Ok(docs)
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
}

/// Panels work in Finnish (minutes and tasks have no language of their own).
fn panel_document(f: &Fields, analyser: &Analyser, d: PanelDoc<'_>) -> TantivyDocument {
    let lang = Lang::Fi;
    let (title_field, body_field) = f.text_of(lang);
    let scope = Scope::Panel(d.panel).term();
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
    doc.add_text(f.pairs_title, schema::pairs_text(lang, d.title));
    doc.add_text(f.pairs_body, schema::pairs_text(lang, d.body));
    add_finnish_analysis(&mut doc, f, analyser, lang, d.title, d.body);
    doc.add_i64(f.date, d.date);
    doc
}

/// The Finnish analyser's fields: Voikko's base forms and compound parts (Finnish text
/// only), or the n-grams of the fallback.
fn add_finnish_analysis(
    doc: &mut TantivyDocument,
    f: &Fields,
    analyser: &Analyser,
    lang: Lang,
    title: &str,
    body: &str,
) {
    match analyser {
        // Swedish and English need neither: their stems are in the language fields.
        Analyser::Voikko(voikko) => {
            if lang == Lang::Fi {
                let title = schema::voikko_texts(voikko, title);
                let body = schema::voikko_texts(voikko, body);
                doc.add_text(f.base_title, title.bases);
                doc.add_text(f.base_body, body.bases);
                doc.add_text(f.parts, format!("{} {}", title.parts, body.parts));
                doc.add_text(
                    f.grams,
                    format!("{} {}", title.unknown_grams, body.unknown_grams),
                );
            }
        }
        Analyser::Snowball => doc.add_text(f.grams, schema::grams_text(&format!("{title} {body}"))),
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

fn document(f: &Fields, analyser: &Analyser, d: Doc<'_>) -> TantivyDocument {
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
    doc.add_text(f.pairs_title, schema::pairs_text(lang, d.title));
    doc.add_text(f.pairs_body, schema::pairs_text(lang, d.body));
    add_finnish_analysis(&mut doc, f, analyser, lang, d.title, d.body);
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
