//! Each app node's applied search outbox position and when it last reported, so the shared
//! outbox is trimmed only below the position of every node still alive.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SearchNodes {
    Table,
    Node,
    Position,
    SeenAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchNodes::Table)
                    .col(string_len(SearchNodes::Node, 64).primary_key())
                    .col(big_integer(SearchNodes::Position))
                    .col(timestamp_with_time_zone(SearchNodes::SeenAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SearchNodes::Table).to_owned())
            .await
    }
}
