//! A panel's own public feedback form: whether the panel offers one (`panels.feedback_form`),
//! and which panel's form an item came through (`feedback_items.panel_id`; none for the
//! organisation's own form).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Panels {
    Table,
    FeedbackForm,
}

#[derive(DeriveIden)]
enum FeedbackItems {
    Table,
    PanelId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(Panels::Table)
                    .add_column(boolean(Panels::FeedbackForm).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(FeedbackItems::Table)
                    .add_column(integer_null(FeedbackItems::PanelId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(FeedbackItems::Table)
                    .drop_column(FeedbackItems::PanelId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Panels::Table)
                    .drop_column(Panels::FeedbackForm)
                    .to_owned(),
            )
            .await
    }
}
