//! `lupa import blogger|wordpress`: small exports in the formats' real shapes brought into a
//! fresh site, their posts, comments, labels, authors and old addresses checked through the
//! pages and the database; a second run imports nothing; broken and hostile files are refused
//! before anything is written.
mod blogger;
mod cli;
mod hostile;
mod redirects;
mod wordpress;

use std::path::{Path, PathBuf};

use lupa::{
    blog::model::Visibility,
    entities::{comment, post},
    i18n::Lang,
    import::{
        model::{Format, SkipReason},
        service::{self, ImportError, ImportOptions, Summary},
    },
    people::model::ShortName,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::{TEST_ORG, TestApp};

/// A test export under `tests/it/import/data/`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/import/data")
        .join(name)
}

/// Import `file` into the app's database as the CLI would, public posts in Finnish.
pub async fn import(app: &TestApp, format: Format, file: &Path) -> Result<Summary, ImportError> {
    import_as(app, format, file, Visibility::Public).await
}

pub async fn import_as(
    app: &TestApp,
    format: Format,
    file: &Path,
    visibility: Visibility,
) -> Result<Summary, ImportError> {
    let options = ImportOptions {
        org: ShortName::parse(TEST_ORG).unwrap(),
        language: Lang::Fi,
        visibility,
    };
    lupa::clock::scope(
        app.state().clock,
        service::run(app.db(), format, file, &options, |_, _, _| {}),
    )
    .await
}

/// A post by its title.
pub async fn post_titled(app: &TestApp, title: &str) -> post::Model {
    post::Entity::find()
        .filter(post::Column::Title.eq(title))
        .one(app.db())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no post titled {title:?}"))
}

/// The comments of a post, oldest first.
pub async fn comments_of(app: &TestApp, post_id: i32) -> Vec<comment::Model> {
    lupa::comments::store::comments_of_post(app.db(), post_id)
        .await
        .unwrap()
}

pub async fn count_posts(app: &TestApp) -> u64 {
    post::Entity::find().count(app.db()).await.unwrap()
}

pub async fn count_comments(app: &TestApp) -> u64 {
    comment::Entity::find().count(app.db()).await.unwrap()
}

/// How many items the summary says were left out for `reason`.
pub fn skipped(summary: &Summary, reason: SkipReason) -> usize {
    summary.skipped.get(&reason).copied().unwrap_or(0)
}
