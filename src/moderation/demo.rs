//! Demo content for moderation: a customer's comment waiting in the queue, a comment with
//! two flags (under the threshold), one hidden by flags, and their audit entries.
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder,
};

use super::{
    model::{FlagReason, ItemKind, ModerationState},
    store,
};
use crate::{
    audit::model::{Action, NewEntry, TargetKind},
    comments::{model::CommentBody, model::Placement, store as comment_store},
    db::{begin_write, now},
    entities::{post, user},
};

/// Add the moderation demo (once) to a demo site that has posts and people.
pub async fn demo(db: &DatabaseConnection, password: &str) -> anyhow::Result<()> {
    let hash = crate::auth::password::hash(
        &crate::auth::password::Password::parse(password)
            .map_err(|e| anyhow::anyhow!("demo password: {}", e.message_key()))?,
    )
    .await?;
    let txn = begin_write(db).await?;
    if user::Entity::find()
        .filter(user::Column::Email.eq(NEWCOMER))
        .one(&txn)
        .await?
        .is_none()
    {
        seed(&txn, &hash).await?;
    }
    txn.commit().await?;
    Ok(())
}

const NEWCOMER: &str = "uusi.asiakas@example.org";

async fn seed(db: &impl ConnectionTrait, password_hash: &str) -> Result<(), DbErr> {
    let Some(first_post) = post::Entity::find()
        .order_by_asc(post::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let people: Vec<user::Model> = user::Entity::find()
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?;
    let customer = |email: &str, name: &str| user::ActiveModel {
        email: Set(email.to_owned()),
        display_name: Set(name.to_owned()),
        organization_id: Set(None),
        job_title: Set(String::new()),
        language: Set(Some("fi".into())),
        role: Set("customer".into()),
        password_hash: Set(password_hash.to_owned()),
        active: Set(true),
        created_at: Set(now()),
        email_confirmed_at: Set(Some(now())),
        terms_accepted_at: Set(Some(now())),
        ..Default::default()
    };
    let newcomer = customer(NEWCOMER, "Uusi Asiakas").insert(db).await?;
    let regular = customer("tuttu.asiakas@example.org", "Tuttu Asiakas")
        .insert(db)
        .await?;
    let body = |s: &str| CommentBody::parse(s).map_err(|e| DbErr::Custom(e.message_key.into()));
    let top = Placement {
        parent_id: None,
        depth: 0,
    };
    let row = |author: i32, state| comment_store::NewRow {
        post_id: first_post.id,
        author_id: author,
        placement: top,
        state,
    };
    comment_store::insert_in_state(
        db,
        row(newcomer.id, ModerationState::Held),
        &body("Hei! Olen uusi täällä. Voisiko palvelun aukioloajoista kertoa lisää?")?,
        now(),
    )
    .await?;
    let flagged = comment_store::insert_in_state(
        db,
        row(regular.id, ModerationState::Visible),
        &body("Tämä palvelu on aivan turha, ja niin on sen tekijäkin.")?,
        now(),
    )
    .await?;
    let hidden = comment_store::insert_in_state(
        db,
        row(regular.id, ModerationState::Flagged),
        &body("Osta halvat kellot osoitteesta kellokauppa.example!")?,
        now(),
    )
    .await?;
    let flaggers: Vec<&user::Model> = people
        .iter()
        .filter(|u| u.role != "customer")
        .take(3)
        .collect();
    for f in flaggers.iter().take(2) {
        store::insert_flag(
            db,
            ItemKind::Comment,
            flagged.id,
            f.id,
            FlagReason::Inappropriate,
            "",
            now(),
        )
        .await?;
    }
    for f in &flaggers {
        store::insert_flag(
            db,
            ItemKind::Comment,
            hidden.id,
            f.id,
            FlagReason::Spam,
            "",
            now(),
        )
        .await?;
    }
    let comment_entry = |actor, action, id: i32| NewEntry {
        subject_user_id: Some(regular.id),
        ..NewEntry::new(actor, action, TargetKind::Comment, Some(id))
    };
    crate::audit::store::record(
        db,
        NewEntry {
            reason: "3".into(),
            ..comment_entry(None, Action::AutoHideByFlags, hidden.id)
        },
    )
    .await?;
    if let Some(admin) = people.iter().find(|u| u.role == "admin") {
        crate::audit::store::record(
            db,
            NewEntry {
                subject_user_id: Some(regular.id),
                reason: "Demo: roskapostia".into(),
                before: "active".into(),
                after: "active".into(),
                ..NewEntry::new(
                    Some(admin.id),
                    Action::Unsuspend,
                    TargetKind::User,
                    Some(regular.id),
                )
            },
        )
        .await?;
    }
    Ok(())
}
