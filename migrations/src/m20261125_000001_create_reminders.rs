//! Reminders and calendar feeds: the reminders already sent (one row per kind, target,
//! version and person, unique, so no reminder goes out twice whatever the number of app
//! nodes), and each member's private calendar feed of a panel (only a hash of its token).
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_people::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Panels {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SentReminders {
    Table,
    Id,
    /// "workshop-7d" | "workshop-1d" | "task-closing"
    Kind,
    /// The workshop's or the task's id.
    TargetId,
    /// What the reminder was about, e.g. the start time: a moved workshop is reminded again.
    Version,
    UserId,
    SentAt,
}

#[derive(DeriveIden)]
enum CalendarFeeds {
    Table,
    Id,
    PanelId,
    UserId,
    /// SHA-256 of the secret in the feed's address.
    TokenHash,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SentReminders::Table)
                    .col(pk_auto(SentReminders::Id))
                    .col(string(SentReminders::Kind))
                    .col(integer(SentReminders::TargetId))
                    .col(string(SentReminders::Version))
                    .col(integer(SentReminders::UserId))
                    .col(timestamp_with_time_zone(SentReminders::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SentReminders::Table, SentReminders::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sent_reminders_once")
                    .table(SentReminders::Table)
                    .col(SentReminders::Kind)
                    .col(SentReminders::TargetId)
                    .col(SentReminders::Version)
                    .col(SentReminders::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CalendarFeeds::Table)
                    .col(pk_auto(CalendarFeeds::Id))
                    .col(integer(CalendarFeeds::PanelId))
                    .col(integer(CalendarFeeds::UserId))
                    .col(string(CalendarFeeds::TokenHash))
                    .col(timestamp_with_time_zone(CalendarFeeds::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CalendarFeeds::Table, CalendarFeeds::PanelId)
                            .to(Panels::Table, Panels::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CalendarFeeds::Table, CalendarFeeds::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_calendar_feeds_person")
                    .table(CalendarFeeds::Table)
                    .col(CalendarFeeds::PanelId)
                    .col(CalendarFeeds::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_calendar_feeds_token")
                    .table(CalendarFeeds::Table)
                    .col(CalendarFeeds::TokenHash)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CalendarFeeds::Table.into_iden(),
            SentReminders::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
