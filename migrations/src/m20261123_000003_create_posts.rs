//! Blog posts with their revisions and labels.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    Slug,
    Title,
    BodyMd,
    BodyHtml,
    Excerpt,
    Language,
    Visibility,
    Status,
    AuthorId,
    OrganizationId,
    PublishedAt,
    /// "YYYY-MM" of `published_at` in Europe/Helsinki: archives group by it on any database.
    PublishedMonth,
    CreatedAt,
    UpdatedAt,
    EditedAt,
}

#[derive(DeriveIden)]
enum PostRevisions {
    Table,
    Id,
    PostId,
    EditorId,
    CreatedAt,
    Title,
    BodyMd,
}

#[derive(DeriveIden)]
enum Labels {
    Table,
    Id,
    Name,
    Slug,
}

#[derive(DeriveIden)]
enum PostLabels {
    Table,
    PostId,
    LabelId,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Posts::Table)
                    .col(pk_auto(Posts::Id))
                    .col(string_uniq(Posts::Slug))
                    .col(string(Posts::Title))
                    .col(text(Posts::BodyMd))
                    .col(text(Posts::BodyHtml))
                    .col(text(Posts::Excerpt))
                    .col(string_len(Posts::Language, 2))
                    .col(string_len(Posts::Visibility, 16))
                    .col(string_len(Posts::Status, 16))
                    .col(integer(Posts::AuthorId))
                    .col(integer(Posts::OrganizationId))
                    .col(timestamp_with_time_zone_null(Posts::PublishedAt))
                    .col(string_len_null(Posts::PublishedMonth, 7))
                    .col(timestamp_with_time_zone(Posts::CreatedAt))
                    .col(timestamp_with_time_zone(Posts::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Posts::EditedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Posts::Table, Posts::AuthorId)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Posts::Table, Posts::OrganizationId)
                            .to(Organizations::Table, Organizations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_posts_listing")
                    .table(Posts::Table)
                    .col(Posts::Status)
                    .col(Posts::PublishedAt)
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_posts_author", Posts::AuthorId),
            ("idx_posts_org", Posts::OrganizationId),
            ("idx_posts_month", Posts::PublishedMonth),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Posts::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(PostRevisions::Table)
                    .col(pk_auto(PostRevisions::Id))
                    .col(integer(PostRevisions::PostId))
                    .col(integer(PostRevisions::EditorId))
                    .col(timestamp_with_time_zone(PostRevisions::CreatedAt))
                    .col(string(PostRevisions::Title))
                    .col(text(PostRevisions::BodyMd))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PostRevisions::Table, PostRevisions::PostId)
                            .to(Posts::Table, Posts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PostRevisions::Table, PostRevisions::EditorId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_post_revisions_post")
                    .table(PostRevisions::Table)
                    .col(PostRevisions::PostId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Labels::Table)
                    .col(pk_auto(Labels::Id))
                    .col(string(Labels::Name))
                    .col(string_uniq(Labels::Slug))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PostLabels::Table)
                    .col(integer(PostLabels::PostId))
                    .col(integer(PostLabels::LabelId))
                    .primary_key(
                        Index::create()
                            .col(PostLabels::PostId)
                            .col(PostLabels::LabelId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PostLabels::Table, PostLabels::PostId)
                            .to(Posts::Table, Posts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PostLabels::Table, PostLabels::LabelId)
                            .to(Labels::Table, Labels::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_post_labels_label")
                    .table(PostLabels::Table)
                    .col(PostLabels::LabelId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PostLabels::Table.into_iden(),
            Labels::Table.into_iden(),
            PostRevisions::Table.into_iden(),
            Posts::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
