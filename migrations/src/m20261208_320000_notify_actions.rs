//! Notifications about actions (issue 19): when an action moves, the people who put something
//! into it — who voted for its idea, answered its task or came to its workshop — are told.
//! Such a notification points at the action (`action_id`) and the update written with the
//! move (`action_update_id`: its status and note) instead of a post.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    ActionId,
    ActionUpdateId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Notifications::Table)
                    .add_column(integer_null(Notifications::ActionId))
                    .to_owned(),
            )
            .await?;
        // One column a statement: SQLite alters one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Notifications::Table)
                    .add_column(integer_null(Notifications::ActionUpdateId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_action")
                    .table(Notifications::Table)
                    .col(Notifications::ActionId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_notifications_action")
                    .table(Notifications::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Notifications::ActionUpdateId, Notifications::ActionId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Notifications::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
