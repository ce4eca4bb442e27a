//! `lupa demo`: each person's data. A customer, Eero Esimerkki, asked to be erased: his
//! comment stays under "former participant" (the default policy), his name and address are
//! gone. Aino Asiakas has asked for her data: the download is prepared (and its link
//! emailed) as soon as the site starts. Retention periods are the defaults.
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};

use super::entities::data_export;
use crate::{
    auth::Role,
    blog::model::{PostStatus, Visibility},
    comments::{model::CommentBody, model::place, store as comment_store},
    db::{begin_write, now},
    entities::{post, user},
    people::service::RemovedBy,
};

/// The customer who asked for a download (one of the participation demo's customers).
pub const ASKS_FOR_DATA: &str = "aino.asiakas@example.fi";

/// Fill in the data-rights part of the demo.
pub async fn demo(db: &DatabaseConnection) -> anyhow::Result<()> {
    let txn = begin_write(db).await?;
    let at = now() - chrono::Duration::days(5);
    let eero = user::ActiveModel {
        email: Set("eero.esimerkki@example.fi".to_owned()),
        display_name: Set("Eero Esimerkki".to_owned()),
        organization_id: Set(None),
        job_title: Set(String::new()),
        language: Set(Some("fi".to_owned())),
        role: Set(Role::Customer.as_str().to_owned()),
        password_hash: Set(String::new()),
        active: Set(true),
        created_at: Set(at),
        email_confirmed_at: Set(Some(at)),
        terms_accepted_at: Set(Some(at)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let newest_public = post::Entity::find()
        .filter(post::Column::Status.eq(PostStatus::Published.as_str()))
        .filter(post::Column::Visibility.eq(Visibility::Public.as_str()))
        .order_by_desc(post::Column::PublishedAt)
        .one(&txn)
        .await?;
    if let Some(post) = newest_public {
        let body = CommentBody::parse(
            "Hyvä kirjoitus. Itse odottaisin kuitenkin, että päätöksen perustelut näkyisivät \
             asiointipalvelussa heti, eikä niitä tarvitsisi kysyä erikseen puhelimessa.",
        )
        .map_err(|e| anyhow::anyhow!("demo comment: {}", e.message_key))?;
        comment_store::insert(&txn, post.id, eero.id, place(None), &body, at).await?;
    }
    if let Some(aino) = user::Entity::find()
        .filter(user::Column::Email.eq(ASKS_FOR_DATA))
        .one(&txn)
        .await?
    {
        data_export::ActiveModel {
            user_id: Set(aino.id),
            status: Set("pending".to_owned()),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    // Eero erased himself in his settings.
    super::erase::erase_records(db, eero.id, RemovedBy::Themself, Default::default())
        .await
        .map_err(|e| anyhow::anyhow!("erasing the demo customer: {e}"))?;
    Ok(())
}
