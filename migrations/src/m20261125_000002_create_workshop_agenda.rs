//! After-workshop records: the minutes on the workshop itself (Markdown source and its HTML,
//! kept where the search indexer reads them), the agenda items (free or picked from a task's
//! results, each with an outcome), attachments as links, and who attended.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_people::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Workshops {
    Table,
    Id,
    /// Markdown as written; `NULL` until someone writes minutes.
    Minutes,
    /// The minutes rendered once, when saved.
    MinutesHtml,
    MinutesUpdatedAt,
    /// Who saved the minutes last.
    MinutesBy,
}

#[derive(DeriveIden)]
enum PollTasks {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum WorkshopAgendaItems {
    Table,
    Id,
    WorkshopId,
    /// Order on the agenda, smallest first.
    Position,
    Title,
    NoteMd,
    NoteHtml,
    DurationMinutes,
    /// The task whose result the item came from (`NULL` for a free item).
    TaskId,
    /// The question and option picked (plain ids: editing a task may replace its questions).
    QuestionId,
    OptionId,
    OutcomeMd,
    OutcomeHtml,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WorkshopAttachments {
    Table,
    Id,
    WorkshopId,
    Title,
    Url,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WorkshopAttendance {
    Table,
    WorkshopId,
    UserId,
    Attended,
    /// Whether the named colleague came; `NULL` when there was none.
    ColleagueAttended,
    MarkedBy,
    MarkedAt,
}

/// One column at a time: SQLite allows a single change per `ALTER TABLE`.
fn added(column: ColumnDef) -> TableAlterStatement {
    Table::alter()
        .table(Workshops::Table)
        .add_column(column)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            text_null(Workshops::Minutes),
            text_null(Workshops::MinutesHtml),
            timestamp_with_time_zone_null(Workshops::MinutesUpdatedAt),
            integer_null(Workshops::MinutesBy),
        ] {
            manager.alter_table(added(column)).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(WorkshopAgendaItems::Table)
                    .col(pk_auto(WorkshopAgendaItems::Id))
                    .col(integer(WorkshopAgendaItems::WorkshopId))
                    .col(integer(WorkshopAgendaItems::Position))
                    .col(string(WorkshopAgendaItems::Title))
                    .col(text(WorkshopAgendaItems::NoteMd).default(""))
                    .col(text(WorkshopAgendaItems::NoteHtml).default(""))
                    .col(integer_null(WorkshopAgendaItems::DurationMinutes))
                    .col(integer_null(WorkshopAgendaItems::TaskId))
                    .col(integer_null(WorkshopAgendaItems::QuestionId))
                    .col(integer_null(WorkshopAgendaItems::OptionId))
                    .col(text_null(WorkshopAgendaItems::OutcomeMd))
                    .col(text_null(WorkshopAgendaItems::OutcomeHtml))
                    .col(timestamp_with_time_zone(WorkshopAgendaItems::CreatedAt))
                    .col(timestamp_with_time_zone(WorkshopAgendaItems::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkshopAgendaItems::Table, WorkshopAgendaItems::WorkshopId)
                            .to(Workshops::Table, Workshops::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkshopAgendaItems::Table, WorkshopAgendaItems::TaskId)
                            .to(PollTasks::Table, PollTasks::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_workshop_agenda_items_order")
                    .table(WorkshopAgendaItems::Table)
                    .col(WorkshopAgendaItems::WorkshopId)
                    .col(WorkshopAgendaItems::Position)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WorkshopAttachments::Table)
                    .col(pk_auto(WorkshopAttachments::Id))
                    .col(integer(WorkshopAttachments::WorkshopId))
                    .col(string(WorkshopAttachments::Title))
                    .col(text(WorkshopAttachments::Url))
                    .col(integer_null(WorkshopAttachments::CreatedBy))
                    .col(timestamp_with_time_zone(WorkshopAttachments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkshopAttachments::Table, WorkshopAttachments::WorkshopId)
                            .to(Workshops::Table, Workshops::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkshopAttachments::Table, WorkshopAttachments::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_workshop_attachments_workshop")
                    .table(WorkshopAttachments::Table)
                    .col(WorkshopAttachments::WorkshopId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WorkshopAttendance::Table)
                    .col(integer(WorkshopAttendance::WorkshopId))
                    .col(integer(WorkshopAttendance::UserId))
                    .col(boolean(WorkshopAttendance::Attended))
                    .col(boolean_null(WorkshopAttendance::ColleagueAttended))
                    .col(integer_null(WorkshopAttendance::MarkedBy))
                    .col(timestamp_with_time_zone(WorkshopAttendance::MarkedAt))
                    .primary_key(
                        Index::create()
                            .col(WorkshopAttendance::WorkshopId)
                            .col(WorkshopAttendance::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkshopAttendance::Table, WorkshopAttendance::WorkshopId)
                            .to(Workshops::Table, Workshops::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkshopAttendance::Table, WorkshopAttendance::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkshopAttendance::Table, WorkshopAttendance::MarkedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            WorkshopAttendance::Table.into_iden(),
            WorkshopAttachments::Table.into_iden(),
            WorkshopAgendaItems::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for column in [
            Workshops::MinutesBy,
            Workshops::MinutesUpdatedAt,
            Workshops::MinutesHtml,
            Workshops::Minutes,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Workshops::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
