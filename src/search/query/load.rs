//! The hits read back from the database by id, each shown only where its owning feature
//! says the reader may see it, with the address that feature gives it; and the names of the
//! counted filter values.
use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

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
        let comments: HashMap<i32, comment::Model> =
            rows_by_id::<comment::Entity, _>(db, comment::Column::Id, ids_of(Kind::Comment))
                .await?
                .into_iter()
                .map(|c| (c.id, c))
                .collect();
        let mut post_ids = ids_of(Kind::Post);
        post_ids.extend(comments.values().map(|c| c.post_id));
        let posts: HashMap<i32, post::Model> =
            rows_by_id::<post::Entity, _>(db, post::Column::Id, post_ids)
                .await?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
        // Panel topics: the panel's address, or nothing when the reader may not read the panel.
        let topic_panel: HashMap<i32, i32> = rows_by_id::<panel_topic::Entity, _>(
            db,
            panel_topic::Column::PostId,
            posts.keys().copied().collect(),
        )
        .await?
        .into_iter()
        .map(|t| (t.post_id, t.panel_id))
        .collect();
        let panel_ids: Vec<i32> = topic_panel
            .values()
            .copied()
            .chain(workshops.values().map(|w| w.panel_id))
            .chain(tasks.values().map(|t| t.panel_id))
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
