//! Contributions: one row per post, comment, panel topic or reply a person made in the last
//! hour, so the rate of writing is counted in the database and every app node sees the same
//! count. Rows older than an hour are deleted as new ones arrive.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_people::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Contributions {
    Table,
    Id,
    UserId,
    /// "post" | "comment" | "topic" | "reply"
    Kind,
    MadeAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Contributions::Table)
                    .col(pk_auto(Contributions::Id))
                    .col(integer(Contributions::UserId))
                    .col(string(Contributions::Kind))
                    .col(timestamp_with_time_zone(Contributions::MadeAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Contributions::Table, Contributions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_contributions_user_made_at")
                    .table(Contributions::Table)
                    .col(Contributions::UserId)
                    .col(Contributions::MadeAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Contributions::Table).to_owned())
            .await
    }
}
