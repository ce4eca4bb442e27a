//! `lupa demo`: open participation — comments open to registered customers, a privacy
//! notice in three languages, three confirmed customers with a few comments on public posts,
//! and the demo panel open for anyone signed in to join.
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::{
    auth::{
        Role,
        password::{self, Password},
        permissions::CommentPolicy,
    },
    blog::model::{PostStatus, Visibility},
    comments::{model::CommentBody, model::place, store as comment_store},
    db::{begin_write, now},
    entities::{panel, post, site_settings, user},
    i18n::Lang,
};

/// (name, email, language, comment on the newest public posts)
const CUSTOMERS: [(&str, &str, &str, &str); 3] = [
    (
        "Aino Asiakas",
        "aino.asiakas@example.fi",
        "fi",
        "Kiitos avoimuudesta! Asiakkaana toivoisin, että lomakkeen voisi tallentaa kesken.",
    ),
    (
        "Bengt Kund",
        "bengt.kund@example.fi",
        "sv",
        "Bra att ni berättar om arbetet. Finns tjänsten snart också på svenska?",
    ),
    (
        "Chris Customer",
        "chris.customer@example.com",
        "en",
        "Thanks for writing this up. The new sign-in was much quicker for me.",
    ),
];

/// Fill in the participation part of the demo; the panel of `panel_slug` becomes open.
pub async fn demo(
    db: &DatabaseConnection,
    demo_password: &str,
    panel_slug: &str,
) -> anyhow::Result<()> {
    let hash = password::hash(
        &Password::parse(demo_password)
            .map_err(|e| anyhow::anyhow!("demo password: {}", e.message_key()))?,
    )
    .await?;
    let txn = begin_write(db).await?;
    site_settings::ActiveModel {
        id: Set(1),
        comment_policy: Set(CommentPolicy::Registered.as_str().to_owned()),
        privacy_notice_fi: Set(crate::privacy::service::default_text(Lang::Fi).to_owned()),
        privacy_notice_sv: Set(crate::privacy::service::default_text(Lang::Sv).to_owned()),
        privacy_notice_en: Set(crate::privacy::service::default_text(Lang::En).to_owned()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let posts: Vec<post::Model> = post::Entity::find()
        .filter(post::Column::Status.eq(PostStatus::Published.as_str()))
        .filter(post::Column::Visibility.eq(Visibility::Public.as_str()))
        .order_by_desc(post::Column::PublishedAt)
        .limit(3)
        .all(&txn)
        .await?;
    for (i, (name, email, lang, comment)) in CUSTOMERS.into_iter().enumerate() {
        let at = now() - chrono::Duration::days(3 - i as i64);
        let person = user::ActiveModel {
            email: Set(email.to_owned()),
            display_name: Set(name.to_owned()),
            organization_id: Set(None),
            job_title: Set(String::new()),
            language: Set(Some(lang.to_owned())),
            role: Set(Role::Customer.as_str().to_owned()),
            password_hash: Set(hash.clone()),
            active: Set(true),
            created_at: Set(at),
            email_confirmed_at: Set(Some(at)),
            terms_accepted_at: Set(Some(at)),
            deactivated_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if let Some(post) = posts.get(i % posts.len().max(1)) {
            let body = CommentBody::parse(comment)
                .map_err(|e| anyhow::anyhow!("demo comment: {}", e.message_key))?;
            let saved =
                comment_store::insert(&txn, post.id, person.id, place(None), &body, at).await?;
            crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Comment(saved.id))
                .await?;
        }
    }
    if let Some(p) = panel::Entity::find()
        .filter(panel::Column::Slug.eq(panel_slug))
        .one(&txn)
        .await?
    {
        panel::ActiveModel {
            id: Set(p.id),
            open_join: Set(true),
            ..Default::default()
        }
        .update(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
