//! Who may take part in public discussion: loads the site's comment policy and the facts
//! about a person that `permissions::can_comment` weighs, in one place for pages, forms,
//! the API and the comment service.
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};

use super::{
    CurrentUser,
    permissions::{self, CommentPolicy, Commenter, PostFacts},
};
use crate::entities::{panel_member, site_settings};

/// The site's setting for who may comment on public posts (`Staff` before setup).
pub async fn comment_policy(db: &impl ConnectionTrait) -> Result<CommentPolicy, DbErr> {
    Ok(site_settings::Entity::find_by_id(1)
        .one(db)
        .await?
        .map(|s| s.comment_policy())
        .unwrap_or_default())
}

/// The facts about `user` the comment rule needs.
pub async fn commenter(db: &impl ConnectionTrait, user: &CurrentUser) -> Result<Commenter, DbErr> {
    let in_a_panel = panel_member::Entity::find()
        .filter(panel_member::Column::UserId.eq(user.id))
        .count(db)
        .await?
        > 0;
    Ok(Commenter {
        actor: user.actor(),
        email_confirmed: user.email_confirmed,
        in_a_panel,
    })
}

/// Whether `user` (or a visitor, `None`) may comment on the post described by `post`.
pub async fn may_comment(
    db: &impl ConnectionTrait,
    user: Option<&CurrentUser>,
    post: PostFacts,
) -> Result<bool, DbErr> {
    let Some(user) = user else {
        return Ok(false);
    };
    // The site's policy and the person's panels can only open commenting further: when the
    // narrowest case allows it, or the widest does not, the answer needs neither (staff
    // reading a post, the common case, then costs no query).
    let least = Commenter {
        actor: user.actor(),
        email_confirmed: user.email_confirmed,
        in_a_panel: false,
    };
    if permissions::can_comment(Some(least), CommentPolicy::Staff, post) {
        return Ok(true);
    }
    let most = Commenter {
        in_a_panel: true,
        ..least
    };
    if !permissions::can_comment(Some(most), CommentPolicy::Registered, post) {
        return Ok(false);
    }
    let policy = comment_policy(db).await?;
    let who = commenter(db, user).await?;
    Ok(permissions::can_comment(Some(who), policy, post))
}
