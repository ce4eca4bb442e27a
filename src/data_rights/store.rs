//! The queries of a person's erasure and of the retention pass. Erasure is the one write
//! that reaches across features, and it only deletes rows about the person or blanks their
//! name and address out of texts; every other write stays with the feature that owns it.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};

use super::entities::{data_export, retention_run};
use crate::entities::{
    audit_entry, calendar_feed, comment, contribution, email_confirmation, email_opt_out,
    email_outbox, invitation, login_attempt, panel_application, panel_invitation, panel_log,
    panel_member, post, scheduling_answer, sent_reminder,
    tasks::{answer_set, participation},
    workshop_attendance, workshop_registration,
};

/// What replaces a name or address in a log text.
pub const ERASED: &str = "[…]";

/// Rows that hold a needle in one of these text columns, as written or in another case
/// (`col LIKE` and `LOWER(col) LIKE`, with `%` and `_` escaped: an address's underscore is a
/// character, not a wildcard). `LOWER` folds what the database folds (on SQLite ASCII letters
/// only), so the needle as written is looked for too: "Äijälä" is found however SQLite folds.
fn mentions<C: ColumnTrait>(columns: &[C], needles: &[&str]) -> Condition {
    use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
    let pattern = |text: &str| {
        let escaped = text
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        LikeExpr::new(format!("%{escaped}%")).escape('\\')
    };
    let mut any = Condition::any();
    for needle in needles.iter().filter(|n| !n.trim().is_empty()) {
        for col in columns {
            any = any
                .add(Expr::col(col.as_column_ref()).like(pattern(needle)))
                .add(
                    Expr::expr(Func::lower(Expr::col(col.as_column_ref())))
                        .like(pattern(&needle.to_lowercase())),
                );
        }
    }
    any
}

/// Blank each needle out of a text.
pub fn scrub(text: &str, needles: &[&str]) -> String {
    needles
        .iter()
        .filter(|n| !n.trim().is_empty())
        .fold(text.to_owned(), |t, n| t.replace(n, ERASED))
}

/// Other people's posts and comments naming the person (for the admin to review).
pub async fn others_mentioning(
    db: &impl ConnectionTrait,
    person: i32,
    needles: &[&str],
) -> Result<(Vec<post::Model>, Vec<(comment::Model, post::Model)>), DbErr> {
    if needles.iter().all(|n| n.trim().is_empty()) {
        return Ok((Vec::new(), Vec::new()));
    }
    let posts = post::Entity::find()
        .filter(post::Column::AuthorId.ne(person))
        .filter(mentions(
            &[post::Column::Title, post::Column::BodyMd],
            needles,
        ))
        .order_by_asc(post::Column::Id)
        .all(db)
        .await?;
    let comments = comment::Entity::find()
        .filter(comment::Column::AuthorId.ne(person))
        .filter(comment::Column::DeletedAt.is_null())
        .filter(mentions(&[comment::Column::BodyMd], needles))
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await?;
    let post_ids: Vec<i32> = comments.iter().map(|c| c.post_id).collect();
    let their_posts = post::Entity::find()
        .filter(post::Column::Id.is_in(post_ids))
        .all(db)
        .await?;
    let comments = comments
        .into_iter()
        .filter_map(|c| {
            let p = their_posts.iter().find(|p| p.id == c.post_id)?.clone();
            Some((c, p))
        })
        .collect();
    Ok((posts, comments))
}

/// The person's posts and every comment under them (whose index documents go with them).
pub async fn posts_of(
    db: &impl ConnectionTrait,
    person: i32,
) -> Result<(Vec<i32>, Vec<i32>), DbErr> {
    let posts: Vec<i32> = post::Entity::find()
        .select_only()
        .column(post::Column::Id)
        .filter(post::Column::AuthorId.eq(person))
        .into_tuple()
        .all(db)
        .await?;
    let comments: Vec<i32> = comment::Entity::find()
        .select_only()
        .column(comment::Column::Id)
        .filter(comment::Column::PostId.is_in(posts.clone()))
        .into_tuple()
        .all(db)
        .await?;
    Ok((posts, comments))
}

/// Delete posts (their labels, revisions, comments and topic links go with them).
pub async fn delete_posts(db: &impl ConnectionTrait, ids: &[i32]) -> Result<u64, DbErr> {
    Ok(post::Entity::delete_many()
        .filter(post::Column::Id.is_in(ids.iter().copied()))
        .exec(db)
        .await?
        .rows_affected)
}

/// Remove the person's comments as a deleted comment is removed (a placeholder keeps the
/// replies of others in place), with their text blanked. Returns their ids.
pub async fn blank_comments_of(
    db: &impl ConnectionTrait,
    person: i32,
    at: DateTime<Utc>,
) -> Result<Vec<i32>, DbErr> {
    let ids: Vec<i32> = comment::Entity::find()
        .select_only()
        .column(comment::Column::Id)
        .filter(comment::Column::AuthorId.eq(person))
        .into_tuple()
        .all(db)
        .await?;
    comment::Entity::update_many()
        .col_expr(comment::Column::BodyMd, Expr::value(""))
        .col_expr(comment::Column::BodyHtml, Expr::value(""))
        .filter(comment::Column::AuthorId.eq(person))
        .exec(db)
        .await?;
    comment::Entity::update_many()
        .col_expr(comment::Column::DeletedAt, Expr::value(Some(at)))
        .filter(comment::Column::AuthorId.eq(person))
        .filter(comment::Column::DeletedAt.is_null())
        .exec(db)
        .await?;
    Ok(ids)
}

/// Delete the rows that exist only about the person: panel applications and seats, workshop
/// registrations, attendance and scheduling answers, task participation, email preferences
/// and confirmations, invitations sent to their address, failed sign-ins with it, calendar
/// feed links, reminders sent, the write-rate log and their data downloads. Their named task
/// answers stay in the results, unlinked from them (as anonymous answers are).
pub async fn delete_personal_rows(
    db: &impl ConnectionTrait,
    person: i32,
    email: &str,
) -> Result<(), DbErr> {
    macro_rules! by_user {
        ($entity:ident, $col:expr) => {
            $entity::Entity::delete_many()
                .filter($col.eq(person))
                .exec(db)
                .await?;
        };
    }
    by_user!(panel_application, panel_application::Column::UserId);
    by_user!(panel_member, panel_member::Column::UserId);
    by_user!(workshop_registration, workshop_registration::Column::UserId);
    by_user!(workshop_attendance, workshop_attendance::Column::UserId);
    by_user!(scheduling_answer, scheduling_answer::Column::UserId);
    by_user!(participation, participation::Column::UserId);
    by_user!(email_opt_out, email_opt_out::Column::UserId);
    by_user!(email_confirmation, email_confirmation::Column::UserId);
    by_user!(calendar_feed, calendar_feed::Column::UserId);
    by_user!(sent_reminder, sent_reminder::Column::UserId);
    by_user!(contribution, contribution::Column::UserId);
    by_user!(data_export, data_export::Column::UserId);
    crate::panels::rules::store::delete_acceptances_of(db, person).await?;
    answer_set::Entity::update_many()
        .col_expr(
            answer_set::Column::RespondentId,
            Expr::value(Option::<i32>::None),
        )
        .filter(answer_set::Column::RespondentId.eq(person))
        .exec(db)
        .await?;
    invitation::Entity::delete_many()
        .filter(
            Condition::any()
                .add(invitation::Column::Email.eq(email))
                .add(invitation::Column::AcceptedUserId.eq(person)),
        )
        .exec(db)
        .await?;
    panel_invitation::Entity::delete_many()
        .filter(
            Condition::any()
                .add(panel_invitation::Column::Email.eq(email))
                .add(panel_invitation::Column::UsedBy.eq(person)),
        )
        .exec(db)
        .await?;
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Email.eq(email))
        .exec(db)
        .await?;
    Ok(())
}

/// Delete every outbox email to the person or naming them; returns the ids (their `.eml`
/// files go too).
pub async fn delete_outbox_mail(
    db: &impl ConnectionTrait,
    person: i32,
    needles: &[&str],
) -> Result<Vec<i32>, DbErr> {
    let ids: Vec<i32> = email_outbox::Entity::find()
        .select_only()
        .column(email_outbox::Column::Id)
        .filter(
            Condition::any()
                .add(email_outbox::Column::UserId.eq(person))
                .add(mentions(
                    &[
                        email_outbox::Column::ToAddress,
                        email_outbox::Column::Subject,
                        email_outbox::Column::BodyText,
                        email_outbox::Column::BodyHtml,
                        email_outbox::Column::AttachmentBody,
                    ],
                    needles,
                )),
        )
        .into_tuple()
        .all(db)
        .await?;
    email_outbox::Entity::delete_many()
        .filter(email_outbox::Column::Id.is_in(ids.clone()))
        .exec(db)
        .await?;
    Ok(ids)
}

/// Blank the name and address out of the audit log's and the panel logs' texts (the only
/// change ever made to an entry); returns how many entries changed.
pub async fn scrub_logs(db: &impl ConnectionTrait, needles: &[&str]) -> Result<usize, DbErr> {
    let mut changed = 0;
    let entries = audit_entry::Entity::find()
        .filter(mentions(
            &[
                audit_entry::Column::Reason,
                audit_entry::Column::Before,
                audit_entry::Column::After,
            ],
            needles,
        ))
        .all(db)
        .await?;
    for e in entries {
        audit_entry::ActiveModel {
            id: Set(e.id),
            reason: Set(scrub(&e.reason, needles)),
            before: Set(scrub(&e.before, needles)),
            after: Set(scrub(&e.after, needles)),
            ..Default::default()
        }
        .update(db)
        .await?;
        changed += 1;
    }
    let lines = panel_log::Entity::find()
        .filter(mentions(&[panel_log::Column::Detail], needles))
        .all(db)
        .await?;
    for l in lines {
        panel_log::ActiveModel {
            id: Set(l.id),
            detail: Set(scrub(&l.detail, needles)),
            ..Default::default()
        }
        .update(db)
        .await?;
        changed += 1;
    }
    Ok(changed)
}

// ----- Retention -----

/// Claim today's retention pass; `false` when another node (or an earlier tick) has.
pub async fn claim_day(
    db: &impl ConnectionTrait,
    day: &str,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = retention_run::ActiveModel {
        day: Set(day.to_owned()),
        started_at: Set(at),
        ..Default::default()
    };
    match retention_run::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(retention_run::Column::Day)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await
    {
        Ok(n) => Ok(n == 1),
        Err(DbErr::RecordNotInserted) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Delete applications declined before `cutoff`.
pub async fn delete_declined_before(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(panel_application::Entity::delete_many()
        .filter(panel_application::Column::Status.eq("declined"))
        .filter(
            Condition::any()
                .add(panel_application::Column::DecidedAt.lt(cutoff))
                .add(
                    Condition::all()
                        .add(panel_application::Column::DecidedAt.is_null())
                        .add(panel_application::Column::CreatedAt.lt(cutoff)),
                ),
        )
        .exec(db)
        .await?
        .rows_affected)
}

/// Delete sessions that expire before `before` (unix seconds).
pub async fn delete_sessions_expiring_before(
    db: &impl ConnectionTrait,
    before: i64,
) -> Result<u64, DbErr> {
    use crate::entities::session;
    Ok(session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}

/// Outbox rows sent or given up before `cutoff`: their ids, then deleted.
pub async fn delete_finished_mail_before(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<Vec<i32>, DbErr> {
    let ids: Vec<i32> = email_outbox::Entity::find()
        .select_only()
        .column(email_outbox::Column::Id)
        .filter(
            Condition::any()
                .add(email_outbox::Column::SentAt.lt(cutoff))
                .add(email_outbox::Column::FailedAt.lt(cutoff)),
        )
        .into_tuple()
        .all(db)
        .await?;
    email_outbox::Entity::delete_many()
        .filter(email_outbox::Column::Id.is_in(ids.clone()))
        .exec(db)
        .await?;
    Ok(ids)
}

/// Data downloads whose links expired before `at`.
pub async fn delete_expired_exports(
    db: &impl ConnectionTrait,
    at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(data_export::Entity::delete_many()
        .filter(data_export::Column::ExpiresAt.lt(at))
        .exec(db)
        .await?
        .rows_affected)
}
