//! Actions and follow-through (issue 19): what a panel agreed to do, with an owner, a due
//! date and a status; every change of status with its short update; and the reminders
//! already queued to owners (one row per reminder, so each goes out once); and the
//! milestones facilitators add to their panel's year.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Panels {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Actions {
    Table,
    Id,
    PanelId,
    Title,
    DescriptionMd,
    DescriptionHtml,
    OwnerId,
    DueOn,
    /// "planned" | "in_progress" | "done" | "dropped"
    Status,
    /// "manual" | "agenda" | "task" | "feedback"
    SourceKind,
    SourceId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ActionUpdates {
    Table,
    Id,
    ActionId,
    AuthorId,
    Status,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ActionReminders {
    Table,
    Id,
    ActionId,
    Kind,
    Version,
    OwnerId,
    SentAt,
}

#[derive(DeriveIden)]
enum PanelMilestones {
    Table,
    Id,
    PanelId,
    Day,
    Title,
    CreatedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Actions::Table)
                    .col(pk_auto(Actions::Id))
                    .col(integer(Actions::PanelId))
                    .col(string(Actions::Title))
                    .col(text(Actions::DescriptionMd))
                    .col(text(Actions::DescriptionHtml))
                    .col(integer_null(Actions::OwnerId))
                    .col(date(Actions::DueOn))
                    .col(string(Actions::Status).default("planned"))
                    .col(string(Actions::SourceKind).default("manual"))
                    .col(integer_null(Actions::SourceId))
                    .col(integer_null(Actions::CreatedBy))
                    .col(timestamp_with_time_zone(Actions::CreatedAt))
                    .col(timestamp_with_time_zone(Actions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Actions::Table, Actions::PanelId)
                            .to(Panels::Table, Panels::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Actions::Table, Actions::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Actions::Table, Actions::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_actions_panel_status")
                    .table(Actions::Table)
                    .col(Actions::PanelId)
                    .col(Actions::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_actions_owner")
                    .table(Actions::Table)
                    .col(Actions::OwnerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActionUpdates::Table)
                    .col(pk_auto(ActionUpdates::Id))
                    .col(integer(ActionUpdates::ActionId))
                    .col(integer_null(ActionUpdates::AuthorId))
                    .col(string(ActionUpdates::Status))
                    .col(text(ActionUpdates::Note))
                    .col(timestamp_with_time_zone(ActionUpdates::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActionUpdates::Table, ActionUpdates::ActionId)
                            .to(Actions::Table, Actions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActionUpdates::Table, ActionUpdates::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActionReminders::Table)
                    .col(pk_auto(ActionReminders::Id))
                    .col(integer(ActionReminders::ActionId))
                    .col(string(ActionReminders::Kind))
                    .col(string(ActionReminders::Version))
                    .col(integer(ActionReminders::OwnerId))
                    .col(timestamp_with_time_zone(ActionReminders::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActionReminders::Table, ActionReminders::ActionId)
                            .to(Actions::Table, Actions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_action_reminders_once")
                    .table(ActionReminders::Table)
                    .col(ActionReminders::ActionId)
                    .col(ActionReminders::Kind)
                    .col(ActionReminders::Version)
                    .col(ActionReminders::OwnerId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PanelMilestones::Table)
                    .col(pk_auto(PanelMilestones::Id))
                    .col(integer(PanelMilestones::PanelId))
                    .col(date(PanelMilestones::Day))
                    .col(string(PanelMilestones::Title))
                    .col(integer_null(PanelMilestones::CreatedBy))
                    .col(timestamp_with_time_zone(PanelMilestones::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PanelMilestones::Table, PanelMilestones::PanelId)
                            .to(Panels::Table, Panels::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PanelMilestones::Table, PanelMilestones::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_panel_milestones_panel_day")
                    .table(PanelMilestones::Table)
                    .col(PanelMilestones::PanelId)
                    .col(PanelMilestones::Day)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PanelMilestones::Table.into_iden(),
            ActionReminders::Table.into_iden(),
            ActionUpdates::Table.into_iden(),
            Actions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
