//! The hits read back from the database by id, each shown only where its owning feature
//! says the reader may see it, with the address that feature gives it; and the names of the
//! counted filter values.
use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, IdenStatic, Iterable, JoinType,
    QueryFilter, QuerySelect, QueryTrait,
    sea_query::{Expr, ExprTrait, IntoCondition},
};

use super::{
    super::{
        facets::{Counts, Kind},
        index::{Search, SearchError},
        names, schema,
    },
    results::{FacetValue, Facets, Hit},
    run::FoundDoc,
};
use crate::{
    auth::permissions::Actor,
    blog, comments,
    entities::{comment, panel, panel_topic, post, tasks::task, workshop},
    i18n::Lang,
    panels, tasks, workshops,
};

/// Values shown per filter.
const FACET_VALUES: usize = 30;

impl Search {
    /// Names for the counted filter values, read from the database.
    pub(super) async fn name_facets(&self, counts: Counts) -> Result<Facets, SearchError> {
        let db = self.db();
        let sorted = |mut v: Vec<FacetValue>| {
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
            v.truncate(FACET_VALUES);
            v
        };
        let memory = self.names_memory();
        let orgs = names::organizations(db, memory, counts.organizations.keys().copied()).await?;
        let people = names::people(db, memory, counts.authors.keys().copied()).await?;
        let labels = names::labels(db, memory, counts.labels.keys().copied()).await?;
        let value = |key: String, name: &str, count: Option<&u64>| FacetValue {
            key,
            name: name.to_owned(),
            count: count.copied().unwrap_or(0),
        };
        let mut years: Vec<FacetValue> = counts
            .years
            .iter()
            .map(|(y, n)| value(y.to_string(), &y.to_string(), Some(n)))
            .collect();
        years.sort_by(|a, b| b.key.cmp(&a.key));
        Ok(Facets {
            organizations: sorted(
                orgs.iter()
                    .map(|(id, o)| {
                        value(o.short_name.clone(), &o.name, counts.organizations.get(id))
                    })
                    .collect(),
            ),
            authors: sorted(
                // Removed people are no filter value: their names are gone, and "former
                // participant" would not tell one from another.
                people
                    .iter()
                    .filter(|(_, p)| !p.removed)
                    .map(|(id, p)| value(id.to_string(), &p.display_name, counts.authors.get(id)))
                    .collect(),
            ),
            labels: sorted(
                labels
                    .iter()
                    .map(|(id, l)| value(l.slug.clone(), &l.name, counts.labels.get(id)))
                    .collect(),
            ),
            kinds: ["post", "comment", "minutes", "task"]
                .into_iter()
                .filter_map(|k| counts.kinds.get(k).map(|n| value(k.to_owned(), k, Some(n))))
                .collect(),
            years,
        })
    }

    /// Read the hits back from the database, dropping anything the reader may not open (an
    /// index a moment behind the database never shows more than the database allows). Each
    /// kind is shown, and addressed, as its own feature says (`*::visibility`).
    /// A panel discussion topic is opened in its panel (`panels`: those the reader may read);
    /// a task aimed at part of its panel only when it is among `aimed` (those the reader sees).
    pub(super) async fn load(
        &self,
        docs: Vec<FoundDoc>,
        actor: Option<Actor>,
        panels: &[i32],
        aimed: &[i32],
    ) -> Result<Vec<Hit>, SearchError> {
        let db = self.db();
        let ids_of = |kind: Kind| -> Vec<i32> {
            docs.iter()
                .filter(|d| d.kind == kind)
                .map(|d| d.id)
                .collect()
        };
        // Minutes: shown ones, in a panel the reader may read. (Each query below is skipped
        // when it has nothing to look up.)
        let workshops: HashMap<i32, workshop::Model> =
            rows_by_id::<workshop::Entity, _>(db, workshop::Column::Id, ids_of(Kind::Minutes))
                .await?
                .into_iter()
                .filter(|w| workshops::visibility::minutes_shown(w) && panels.contains(&w.panel_id))
                .map(|w| (w.id, w))
                .collect();
        let tasks: HashMap<i32, task::Model> =
            rows_by_id::<task::Entity, _>(db, task::Column::Id, ids_of(Kind::Task))
                .await?
                .into_iter()
                .filter(|t| {
                    panels.contains(&t.panel_id)
                        && (!tasks::aim::Aim::of(t).is_aimed() || aimed.contains(&t.id))
                })
                .map(|t| (t.id, t))
                .collect();
        // Posts, the comments among the hits (each with its post, named by the index) and
        // the panel of each panel topic: one statement.
        let comment_hits: Vec<(i32, i32)> = docs
            .iter()
            .filter(|d| d.kind == Kind::Comment)
            .map(|d| (d.id, d.post_id))
            .collect();
        let mut post_ids = ids_of(Kind::Post);
        post_ids.extend(comment_hits.iter().map(|(_, post)| *post));
        let BlogRows {
            posts,
            comments,
            topic_panel,
        } = blog_rows(
            db,
            post_ids,
            comment_hits.iter().map(|(id, _)| *id).collect(),
        )
        .await?;
        // (Only panels the reader may read: nothing else is shown.)
        let panel_ids: Vec<i32> = topic_panel
            .values()
            .copied()
            .chain(workshops.values().map(|w| w.panel_id))
            .chain(tasks.values().map(|t| t.panel_id))
            .filter(|p| panels.contains(p))
            .collect();
        let panel_slugs: HashMap<i32, String> =
            rows_by_id::<panel::Entity, _>(db, panel::Column::Id, panel_ids)
                .await?
                .into_iter()
                .map(|p| (p.id, p.slug))
                .collect();
        // Where a post is read: on the blog, or its panel's topic page.
        let post_url = |post: &post::Model| -> Option<String> {
            match topic_panel.get(&post.id) {
                None => {
                    blog::visibility::readable_by(actor, post).then(|| blog::visibility::url(post))
                }
                Some(panel) if panels.contains(panel) => panel_slugs
                    .get(panel)
                    .map(|slug| panels::visibility::topic_url(slug, post.id)),
                Some(_) => None,
            }
        };
        let mut people_ids: Vec<i32> = posts.values().map(|p| p.author_id).collect();
        people_ids.extend(comments.values().map(|c| c.author_id));
        people_ids.extend(
            workshops
                .values()
                .map(workshops::visibility::minutes_author),
        );
        people_ids.extend(tasks.values().map(|t| t.created_by));
        let memory = self.names_memory();
        let people = names::people(db, memory, people_ids).await?;
        // Only the organisations of the people at hand.
        let orgs = names::organizations(
            db,
            memory,
            people.values().filter_map(|p| p.organization_id),
        )
        .await?;
        let byline = |author: i32| {
            let person = people.get(&author);
            let org = person
                .and_then(|p| p.organization_id)
                .and_then(|o| orgs.get(&o));
            (
                person.map_or_else(crate::people::model::PersonName::former, |p| p.name.clone()),
                org.map(|o| o.name.clone()).unwrap_or_default(),
            )
        };
        let mut hits = Vec::new();
        for d in docs {
            if d.kind == Kind::Minutes {
                let Some((w, slug)) = workshops
                    .get(&d.id)
                    .and_then(|w| Some((w, panel_slugs.get(&w.panel_id)?)))
                else {
                    continue;
                };
                let (author, organization) = byline(workshops::visibility::minutes_author(w));
                hits.push(Hit {
                    kind: "minutes",
                    title: w.title.clone(),
                    url: workshops::visibility::url(slug, w.id),
                    author,
                    organization,
                    date: w.starts_at,
                    lang: Lang::Fi,
                    snippet: d.snippet,
                });
                continue;
            }
            if d.kind == Kind::Task {
                let Some((t, slug)) = tasks
                    .get(&d.id)
                    .and_then(|t| Some((t, panel_slugs.get(&t.panel_id)?)))
                else {
                    continue;
                };
                let (author, organization) = byline(t.created_by);
                hits.push(Hit {
                    kind: "task",
                    title: t.title.clone(),
                    url: tasks::visibility::url(slug, t.id),
                    author,
                    organization,
                    date: t.opens_at,
                    lang: Lang::Fi,
                    snippet: d.snippet,
                });
                continue;
            }
            let (post, comment) = if d.kind == Kind::Post {
                (posts.get(&d.id), None)
            } else {
                let c = comments.get(&d.id);
                (c.and_then(|c| posts.get(&c.post_id)), c)
            };
            let Some(post) = post.filter(|p| blog::visibility::is_published(p)) else {
                continue;
            };
            let Some(url) = post_url(post) else {
                continue;
            };
            let lang = schema::post_lang(post);
            let hit = match comment {
                None => {
                    let (author, organization) = byline(post.author_id);
                    Hit {
                        kind: "post",
                        title: post.title.clone(),
                        url,
                        author,
                        organization,
                        date: post.published_at.unwrap_or(post.created_at),
                        lang,
                        snippet: d.snippet,
                    }
                }
                Some(c) => {
                    if !comments::visibility::is_shown(c) {
                        continue;
                    }
                    let (author, organization) = byline(c.author_id);
                    Hit {
                        kind: "comment",
                        title: post.title.clone(),
                        url: comments::visibility::url(&url, c.id),
                        author,
                        organization,
                        date: c.created_at,
                        lang,
                        snippet: d.snippet,
                    }
                }
            };
            hits.push(hit);
        }
        Ok(hits)
    }
}

/// The posts and comments of a page of hits, and which posts are panel topics (post → panel).
struct BlogRows {
    posts: HashMap<i32, post::Model>,
    comments: HashMap<i32, comment::Model>,
    topic_panel: HashMap<i32, i32>,
}

/// Posts `post_ids`, each with its panel when it is a panel topic, and comments
/// `comment_ids` of those posts, in one statement: posts left joined to their topic row and
/// to those of their comments. Bodies are not read (a hit shows its snippet from the index),
/// so the models carry empty ones. No query for no ids.
async fn blog_rows(
    db: &sea_orm::DatabaseConnection,
    mut post_ids: Vec<i32>,
    comment_ids: Vec<i32>,
) -> Result<BlogRows, sea_orm::DbErr> {
    let mut rows = BlogRows {
        posts: HashMap::new(),
        comments: HashMap::new(),
        topic_panel: HashMap::new(),
    };
    post_ids.sort_unstable();
    post_ids.dedup();
    if post_ids.is_empty() {
        return Ok(rows);
    }
    let blank = || Expr::cust("''");
    let mut select = post::Entity::find()
        .select_only()
        .filter(post::Column::Id.is_in(post_ids));
    for c in post::Column::iter() {
        let value: Expr = match c {
            post::Column::BodyMd | post::Column::BodyHtml | post::Column::Excerpt => blank(),
            c => Expr::col((post::Entity, c)),
        };
        select = select.column_as(value, format!("{POST}{}", c.as_str()));
    }
    let topic = post::Entity::belongs_to(panel_topic::Entity)
        .from(post::Column::Id)
        .to(panel_topic::Column::PostId)
        .into();
    select = select.join(JoinType::LeftJoin, topic).column_as(
        Expr::col((panel_topic::Entity, panel_topic::Column::PanelId)),
        TOPIC_PANEL,
    );
    let with_comments = !comment_ids.is_empty();
    if with_comments {
        let of_post = post::Entity::belongs_to(comment::Entity)
            .from(post::Column::Id)
            .to(comment::Column::PostId)
            .on_condition(move |_, comments| {
                Expr::col((comments, comment::Column::Id))
                    .is_in(comment_ids.clone())
                    .into_condition()
            })
            .into();
        select = select.join(JoinType::LeftJoin, of_post);
        for c in comment::Column::iter() {
            let value: Expr = match c {
                comment::Column::BodyMd | comment::Column::BodyHtml => blank(),
                c => Expr::col((comment::Entity, c)),
            };
            select = select.column_as(value, format!("{COMMENT}{}", c.as_str()));
        }
    }
    let statement = select.build(db.get_database_backend());
    for row in db.query_all_raw(statement).await? {
        let post = post::Model::from_query_result(&row, POST)?;
        if let Some(panel) = row.try_get::<Option<i32>>("", TOPIC_PANEL)? {
            rows.topic_panel.insert(post.id, panel);
        }
        // (A post without one of the comments has none joined: no comment id.)
        if with_comments && row.try_get::<Option<i32>>(COMMENT, "id")?.is_some() {
            let comment = comment::Model::from_query_result(&row, COMMENT)?;
            rows.comments.insert(comment.id, comment);
        }
        rows.posts.insert(post.id, post);
    }
    Ok(rows)
}

/// Column name prefixes of `blog_rows`.
const POST: &str = "p_";
const COMMENT: &str = "c_";
const TOPIC_PANEL: &str = "t_panel_id";

/// The rows of `E` whose `column` is one of `ids`; no query for no ids.
async fn rows_by_id<E, C>(
    db: &sea_orm::DatabaseConnection,
    column: C,
    mut ids: Vec<i32>,
) -> Result<Vec<E::Model>, sea_orm::DbErr>
where
    E: EntityTrait,
    C: ColumnTrait,
{
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    E::find().filter(column.is_in(ids)).all(db).await
}
