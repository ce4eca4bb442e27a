//! How @mentions show to one reader: a link to the person's page, reading their current
//! handle, when the reader may see that page; "former participant" (in the reader's
//! language) for a removed account; otherwise the text as it was typed, so nobody is named to
//! a reader who may not see them. The stored HTML never holds these links: they are made for
//! each reader when a page, feed, API answer or email is made, from one lookup per page.
use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr};

use super::mentions;
use crate::{
    auth::permissions::Actor,
    i18n::Tr,
    markdown::{self, MentionAs, SafeHtml},
    people::model::PersonName,
};

/// Every handle mentioned in `texts`, each once, in the order first met.
pub fn handles_in<'a>(texts: impl IntoIterator<Item = &'a SafeHtml>) -> Vec<String> {
    let mut handles: Vec<String> = Vec::new();
    for html in texts {
        for h in markdown::mention_handles(html) {
            if !handles.contains(&h) {
                handles.push(h);
            }
        }
    }
    handles
}

/// What one mentioned handle shows to the reader.
#[derive(Clone, Debug)]
enum Shown {
    /// A link to `/people/{id}` reading `@handle` (the person's current one).
    Page { id: i32, handle: String },
    /// The account was removed.
    Former,
}

/// The mentions of one page's texts, resolved for one reader.
#[derive(Clone, Debug, Default)]
pub struct MentionLinks {
    shown: HashMap<String, Shown>,
    /// Put before `/people/{id}`: nothing on pages, the site's address in feeds and email.
    base: String,
    former: String,
}

impl MentionLinks {
    /// Resolve every mention in `texts` for `reader` (`None`: a visitor, or a feed reader):
    /// three queries, however many texts and mentions (none when nothing is mentioned).
    pub async fn resolve<'a>(
        db: &impl ConnectionTrait,
        reader: Option<Actor>,
        t: &Tr,
        base: &str,
        texts: impl IntoIterator<Item = &'a SafeHtml>,
    ) -> Result<MentionLinks, DbErr> {
        Self::resolve_handles(db, reader, t, base, handles_in(texts)).await
    }

    /// Like `resolve`, for the handles already found in a page's texts (`handles_in`).
    pub async fn resolve_handles(
        db: &impl ConnectionTrait,
        reader: Option<Actor>,
        t: &Tr,
        base: &str,
        handles: Vec<String>,
    ) -> Result<MentionLinks, DbErr> {
        let mut links = MentionLinks {
            shown: HashMap::new(),
            base: base.trim_end_matches('/').to_owned(),
            former: PersonName::former().shown(t),
        };
        if handles.is_empty() {
            return Ok(links);
        }
        let (owners, current) = mentions::owners(db, &handles).await?;
        let mut ids: Vec<i32> = owners.values().copied().collect();
        ids.sort_unstable();
        ids.dedup();
        let people = crate::people::store::users_by_ids(db, ids.clone()).await?;
        let with_pages = crate::blog::service::people_with_pages(db, reader, &ids).await?;
        for (typed, id) in owners {
            let Some(person) = people.get(&id) else {
                continue;
            };
            let shown = if PersonName::of(person).is_former() {
                Shown::Former
            } else if with_pages.contains(&id) {
                Shown::Page {
                    id,
                    handle: current.get(&id).cloned().unwrap_or_else(|| typed.clone()),
                }
            } else {
                continue;
            };
            links.shown.insert(typed, shown);
        }
        Ok(links)
    }

    /// Whether nothing shows differently from the stored text (no mention resolved).
    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// `html` with its mentions shown to this reader.
    pub fn show(&self, html: &SafeHtml) -> SafeHtml {
        if self.shown.is_empty() {
            return html.clone();
        }
        markdown::show_mentions(html, |handle| match self.shown.get(handle) {
            Some(Shown::Page { id, handle }) => MentionAs::Link {
                href: format!("{}/people/{id}", self.base),
                text: format!("@{handle}"),
            },
            Some(Shown::Former) => MentionAs::Text(self.former.clone()),
            None => MentionAs::Typed,
        })
    }
}
