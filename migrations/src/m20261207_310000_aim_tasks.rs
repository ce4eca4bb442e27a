//! Aimed tasks and rounds (issue 19): a task may be aimed at part of its panel — by industry,
//! region, company stage or a list of members (`aim_kind` and its values, one a line) — and a
//! task copied as the next round keeps the earlier one (`previous_task_id`) and its round
//! number.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PollTasks {
    Table,
    /// "everyone" | "industry" | "region" | "stage" | "members"
    AimKind,
    /// The aimed values, one a line: industry, region or stage codes, or member user ids.
    AimValues,
    PreviousTaskId,
    Round,
}

async fn add(manager: &SchemaManager<'_>, col: &mut ColumnDef) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table(PollTasks::Table)
                .add_column(col)
                .to_owned(),
        )
        .await
}

async fn drop_col(manager: &SchemaManager<'_>, col: PollTasks) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table(PollTasks::Table)
                .drop_column(col)
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite alters one at a time.
        add(
            manager,
            string_len(PollTasks::AimKind, 16).default("everyone"),
        )
        .await?;
        add(manager, text(PollTasks::AimValues).default("")).await?;
        add(manager, &mut integer_null(PollTasks::PreviousTaskId)).await?;
        add(manager, integer(PollTasks::Round).default(1)).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_poll_tasks_previous")
                    .table(PollTasks::Table)
                    .col(PollTasks::PreviousTaskId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_poll_tasks_previous")
                    .table(PollTasks::Table)
                    .to_owned(),
            )
            .await?;
        for col in [
            PollTasks::Round,
            PollTasks::PreviousTaskId,
            PollTasks::AimValues,
            PollTasks::AimKind,
        ] {
            drop_col(manager, col).await?;
        }
        Ok(())
    }
}
