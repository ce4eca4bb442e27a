//! Workshops: scheduling polls (candidate slots and members' answers), workshops and their
//! registrations (seats and the waiting list).
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
enum SchedulingPolls {
    Table,
    Id,
    PanelId,
    Title,
    Description,
    CreatedBy,
    CreatedAt,
    ClosedAt,
    ConfirmedSlotId,
    WorkshopId,
}

#[derive(DeriveIden)]
enum SchedulingSlots {
    Table,
    Id,
    PollId,
    StartsAt,
    EndsAt,
}

#[derive(DeriveIden)]
enum SchedulingAnswers {
    Table,
    SlotId,
    UserId,
    /// "yes" | "maybe" | "no"
    Answer,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Workshops {
    Table,
    Id,
    PanelId,
    /// Random part of the calendar `UID`, fixed for the workshop's life.
    UidKey,
    Title,
    DescriptionMd,
    /// The description rendered once, when saved.
    DescriptionHtml,
    StartsAt,
    EndsAt,
    Place,
    OnlineUrl,
    Capacity,
    RegistrationDeadline,
    /// The iCalendar `SEQUENCE`, raised on every change attendees should see.
    Sequence,
    CancelledAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WorkshopRegistrations {
    Table,
    Id,
    WorkshopId,
    UserId,
    /// "registered" | "waiting" | "cancelled"
    Status,
    ColleagueName,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Workshops::Table)
                    .col(pk_auto(Workshops::Id))
                    .col(integer(Workshops::PanelId))
                    .col(string(Workshops::UidKey))
                    .col(string(Workshops::Title))
                    .col(text(Workshops::DescriptionMd))
                    .col(text(Workshops::DescriptionHtml).default(""))
                    .col(timestamp_with_time_zone(Workshops::StartsAt))
                    .col(timestamp_with_time_zone(Workshops::EndsAt))
                    .col(string_null(Workshops::Place))
                    .col(string_null(Workshops::OnlineUrl))
                    .col(integer(Workshops::Capacity))
                    .col(timestamp_with_time_zone_null(
                        Workshops::RegistrationDeadline,
                    ))
                    .col(integer(Workshops::Sequence).default(0))
                    .col(timestamp_with_time_zone_null(Workshops::CancelledAt))
                    .col(integer(Workshops::CreatedBy))
                    .col(timestamp_with_time_zone(Workshops::CreatedAt))
                    .col(timestamp_with_time_zone(Workshops::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Workshops::Table, Workshops::PanelId)
                            .to(Panels::Table, Panels::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Workshops::Table, Workshops::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_workshops_panel")
                    .table(Workshops::Table)
                    .col(Workshops::PanelId)
                    .col(Workshops::StartsAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WorkshopRegistrations::Table)
                    .col(pk_auto(WorkshopRegistrations::Id))
                    .col(integer(WorkshopRegistrations::WorkshopId))
                    .col(integer(WorkshopRegistrations::UserId))
                    .col(string(WorkshopRegistrations::Status))
                    .col(string_null(WorkshopRegistrations::ColleagueName))
                    .col(timestamp_with_time_zone(WorkshopRegistrations::CreatedAt))
                    .col(timestamp_with_time_zone(WorkshopRegistrations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                WorkshopRegistrations::Table,
                                WorkshopRegistrations::WorkshopId,
                            )
                            .to(Workshops::Table, Workshops::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkshopRegistrations::Table, WorkshopRegistrations::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_workshop_registrations_person")
                    .table(WorkshopRegistrations::Table)
                    .col(WorkshopRegistrations::WorkshopId)
                    .col(WorkshopRegistrations::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SchedulingPolls::Table)
                    .col(pk_auto(SchedulingPolls::Id))
                    .col(integer(SchedulingPolls::PanelId))
                    .col(string(SchedulingPolls::Title))
                    .col(text(SchedulingPolls::Description))
                    .col(integer(SchedulingPolls::CreatedBy))
                    .col(timestamp_with_time_zone(SchedulingPolls::CreatedAt))
                    .col(timestamp_with_time_zone_null(SchedulingPolls::ClosedAt))
                    .col(integer_null(SchedulingPolls::ConfirmedSlotId))
                    .col(integer_null(SchedulingPolls::WorkshopId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SchedulingPolls::Table, SchedulingPolls::PanelId)
                            .to(Panels::Table, Panels::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SchedulingPolls::Table, SchedulingPolls::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SchedulingPolls::Table, SchedulingPolls::WorkshopId)
                            .to(Workshops::Table, Workshops::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SchedulingSlots::Table)
                    .col(pk_auto(SchedulingSlots::Id))
                    .col(integer(SchedulingSlots::PollId))
                    .col(timestamp_with_time_zone(SchedulingSlots::StartsAt))
                    .col(timestamp_with_time_zone(SchedulingSlots::EndsAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SchedulingSlots::Table, SchedulingSlots::PollId)
                            .to(SchedulingPolls::Table, SchedulingPolls::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SchedulingAnswers::Table)
                    .col(integer(SchedulingAnswers::SlotId))
                    .col(integer(SchedulingAnswers::UserId))
                    .col(string(SchedulingAnswers::Answer))
                    .col(timestamp_with_time_zone(SchedulingAnswers::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(SchedulingAnswers::SlotId)
                            .col(SchedulingAnswers::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SchedulingAnswers::Table, SchedulingAnswers::SlotId)
                            .to(SchedulingSlots::Table, SchedulingSlots::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SchedulingAnswers::Table, SchedulingAnswers::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SchedulingAnswers::Table.into_iden(),
            SchedulingSlots::Table.into_iden(),
            SchedulingPolls::Table.into_iden(),
            WorkshopRegistrations::Table.into_iden(),
            Workshops::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
