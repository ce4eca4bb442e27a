//! Importing old blogs (issue 17): which exported item became which row, so that a second
//! run imports nothing twice, and the old addresses of imported posts, answered with a 301.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ImportItems {
    Table,
    Id,
    /// "blogger:<entry id>" or "wordpress:<site>:post:<id>" / ":comment:<id>".
    SourceKey,
    /// "post" | "comment"
    Kind,
    TargetId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PostRedirects {
    Table,
    Id,
    /// The old path, lower-cased, without a trailing slash: "/2009/12/some-title.html",
    /// "/?p=123".
    OldPath,
    PostId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ImportItems::Table)
                    .col(pk_auto(ImportItems::Id))
                    .col(string(ImportItems::SourceKey))
                    .col(string(ImportItems::Kind))
                    .col(integer(ImportItems::TargetId))
                    .col(timestamp_with_time_zone(ImportItems::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_import_items_source_key")
                    .table(ImportItems::Table)
                    .col(ImportItems::SourceKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PostRedirects::Table)
                    .col(pk_auto(PostRedirects::Id))
                    .col(string(PostRedirects::OldPath))
                    .col(integer(PostRedirects::PostId))
                    .col(timestamp_with_time_zone(PostRedirects::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PostRedirects::Table, PostRedirects::PostId)
                            .to(Posts::Table, Posts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_post_redirects_old_path")
                    .table(PostRedirects::Table)
                    .col(PostRedirects::OldPath)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PostRedirects::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ImportItems::Table).to_owned())
            .await
    }
}
