//! Erasing a person: "Erase me" in their settings, or an admin's action for a request
//! received elsewhere. Built on `people::service::remove_account` (the account ends, the
//! name and address leave the `users` row); in the same transaction their contributions
//! are removed or kept under "former participant" as the admin's policy says, the rows
//! that exist only about them are deleted, emails to or about them leave the outbox, and
//! their name and address are blanked out of the audit and panel logs. After the commit
//! their `.eml` files are deleted, every node's search index is merged (an `erasure` entry
//! in the search outbox tells each node to) so that deleted documents leave its files, and the database is vacuumed so that freed pages hold nothing.
//! Other people's text that names them is listed for the admin to review, not rewritten.
use serde::{Deserialize, Serialize};

use super::{model::ErasurePolicy, settings, store};
use crate::{
    audit::{
        self,
        model::{Action, NewEntry, TargetKind},
    },
    auth::{CurrentUser, permissions},
    db::{begin_write, now},
    error::{AppError, AppResult},
    people::service::{self as people, RemovedBy},
    search::outbox::{self, Change},
    state::AppState,
};

/// Someone else's post or comment that names the erased person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// `post` or `comment`.
    pub kind: &'static str,
    pub id: i32,
    /// The post's title (the comment's post's).
    pub title: String,
    /// Where it is read on the site.
    pub url: String,
}

/// What an erasure did.
#[derive(Clone, Debug, Serialize)]
pub struct Erased {
    pub person_id: i32,
    /// `keep` or `remove`, as the policy said at the time.
    pub policy: &'static str,
    /// Other people's texts naming the person, for the admin to review.
    pub to_review: Vec<Mention>,
}

/// What the admin knows of a person whose account was deleted before deleting meant erasing
/// (the name and address are no longer stored): the name and address they had, from their
/// request, to blank out of logs and mail and to find others' texts naming them. Ignored for
/// an account that still exists (its stored name and address are used).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Former {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
}

/// An admin erases person `id` (a request received elsewhere).
pub async fn erase_by_admin(
    state: &AppState,
    admin: &CurrentUser,
    id: i32,
    former: Former,
) -> AppResult<Erased> {
    if !permissions::can_manage_people(Some(admin.actor())) {
        return Err(AppError::Forbidden);
    }
    if admin.id == id {
        // An admin erases themself through their own settings, with their password.
        return Err(AppError::BadRequest("data-rights-erase-self-here"));
    }
    erase(state, id, RemovedBy::Admin(admin.id), former).await
}

/// A person erases themself after confirming their password.
pub async fn erase_self(state: &AppState, me: &CurrentUser, password: &str) -> AppResult<Erased> {
    people::check_own_password(&state.db, me.id, password, "erase_password").await?;
    erase(state, me.id, RemovedBy::Themself, Former::default()).await
}

/// Erase person `id` (see the module's comment).
#[tracing::instrument(skip(state))]
pub async fn erase(state: &AppState, id: i32, by: RemovedBy, former: Former) -> AppResult<Erased> {
    let (erased, left) = erase_records(&state.db, id, by, former).await?;
    let needles: Vec<&str> = left.needles.iter().map(String::as_str).collect();
    remove_mail_files(state, &left.mail, &needles).await;
    // The erasure's outbox entry makes this node (and, as they follow the outbox, every
    // other node) merge its index segments: the deleted documents' terms leave the files.
    state.search.catch_up().await?;
    crate::db::compact_freed_space(&state.db).await?;
    tracing::info!(person = id, policy = erased.policy, "person erased");
    Ok(erased)
}

/// What is left to clean outside the database after its transaction: the `.eml` files of
/// these outbox rows, and any file holding these texts.
pub struct Leftovers {
    pub mail: Vec<i32>,
    pub needles: Vec<String>,
}

/// The database part of an erasure, one transaction (`lupa demo` uses it alone; its index is
/// built afterwards).
pub async fn erase_records(
    db: &sea_orm::DatabaseConnection,
    id: i32,
    by: RemovedBy,
    former: Former,
) -> AppResult<(Erased, Leftovers)> {
    let person = crate::people::store::user_by_id(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    // An account deleted earlier has no name or address left: the admin may give the ones
    // it had. (Erasing twice finds nothing more to delete and does no harm.)
    let deleted_before = person.removed_at.is_some();
    let (name, email) = if deleted_before {
        (
            former.name.trim().to_owned(),
            former.email.trim().to_owned(),
        )
    } else {
        (person.display_name.clone(), person.email.clone())
    };
    // Rows kept by address are matched by it; with none known, by an address nothing has.
    let address = if email.is_empty() {
        person.email.clone()
    } else {
        email.clone()
    };
    let needles = [name.as_str(), email.as_str()];
    // Others' texts may name the person by @handle (made from the name), current or old.
    let handles: Vec<String> = crate::notifications::mentions::handles_of(db, id)
        .await?
        .into_iter()
        .map(|h| format!("@{h}"))
        .collect();
    let review_needles: Vec<&str> = needles
        .iter()
        .copied()
        .chain(handles.iter().map(String::as_str))
        .collect();
    let policy = settings::current(db).await?.erasure_policy;
    let at = now();
    let txn = begin_write(db).await?;
    let (posts, comments) = store::others_mentioning(&txn, id, &review_needles).await?;
    let mut to_review: Vec<Mention> = posts
        .iter()
        .map(|p| Mention {
            kind: "post",
            id: p.id,
            title: p.title.clone(),
            url: crate::blog::visibility::url(p),
        })
        .collect();
    to_review.extend(comments.iter().map(|(c, p)| Mention {
        kind: "comment",
        id: c.id,
        title: p.title.clone(),
        url: crate::comments::visibility::url(&crate::blog::visibility::url(p), c.id),
    }));
    if !deleted_before {
        people::remove_account_in(&txn, id, by).await?;
    }
    if policy == ErasurePolicy::Remove {
        let (their_posts, under) = store::posts_of(&txn, id).await?;
        for p in &their_posts {
            outbox::enqueue(&txn, Change::Post(*p)).await?;
        }
        for c in &under {
            outbox::enqueue(&txn, Change::Comment(*c)).await?;
        }
        store::delete_posts(&txn, &their_posts).await?;
        for c in store::blank_comments_of(&txn, id, at).await? {
            outbox::enqueue(&txn, Change::Comment(c)).await?;
        }
        crate::tasks::ideas::service::erase_comments_of(&txn, id).await?;
    }
    // A task aimed at chosen members no longer names the person.
    crate::tasks::aim::forget_member(&txn, id).await?;
    outbox::enqueue(&txn, Change::Erasure(id)).await?;
    store::delete_personal_rows(&txn, id, &address).await?;
    crate::feedback::store::erase_address(&txn, &address, at).await?;
    let mail = store::delete_outbox_mail(&txn, id, &needles).await?;
    store::scrub_logs(&txn, &needles).await?;
    let actor = match by {
        RemovedBy::Themself => id,
        RemovedBy::Admin(admin) => admin,
    };
    audit::store::record(
        &txn,
        NewEntry {
            subject_user_id: Some(id),
            reason: policy.as_str().to_owned(),
            after: to_review
                .iter()
                .map(|m| format!("{}:{}", m.kind, m.id))
                .collect::<Vec<_>>()
                .join(" "),
            ..NewEntry::new(Some(actor), Action::ErasePerson, TargetKind::User, Some(id))
        },
    )
    .await?;
    txn.commit().await?;
    Ok((
        Erased {
            person_id: id,
            policy: policy.as_str(),
            to_review,
        },
        Leftovers {
            mail,
            needles: vec![name, email],
        },
    ))
}

/// Delete the `.eml` files of these outbox rows, and any other file there that holds the
/// name or address (one written before its row was trimmed).
async fn remove_mail_files(state: &AppState, ids: &[i32], needles: &[&str]) {
    let dir = state.settings.data_dir.join("outbox");
    for id in ids {
        let _ = tokio::fs::remove_file(dir.join(format!("{id}.eml"))).await;
    }
    let Ok(mut entries) = tokio::fs::read_dir(&dir).await else {
        return;
    };
    while let Ok(Some(entry)) = entries.next_entry().await {
        let path = entry.path();
        let Ok(bytes) = tokio::fs::read(&path).await else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        if needles
            .iter()
            .any(|n| !n.trim().is_empty() && text.contains(n))
            && let Err(e) = tokio::fs::remove_file(&path).await
        {
            tracing::warn!(error = %e, path = %path.display(), "could not delete an email file");
        }
    }
}
