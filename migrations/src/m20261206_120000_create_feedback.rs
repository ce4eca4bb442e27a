//! The feedback channel (issue 15): each organisation's topics, the feedback items sent
//! through its public form (with internal notes), the per-address count of sendings for the
//! rate limit, and the key that signs the form's start time.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FeedbackTopics {
    Table,
    Id,
    OrganizationId,
    Name,
    RetiredAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FeedbackItems {
    Table,
    Id,
    OrganizationId,
    TopicId,
    BodyMd,
    BodyHtml,
    /// The sender's address for an answer; `None` when not given or erased.
    Email,
    EmailErasedAt,
    MayPublish,
    Language,
    /// "new" | "in_progress" | "answered" | "closed"
    Status,
    AssigneeId,
    ReplyMd,
    RepliedAt,
    RepliedBy,
    /// "post" | "topic" once published.
    PublishedKind,
    PublishedPostId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FeedbackNotes {
    Table,
    Id,
    ItemId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FeedbackSendings {
    Table,
    Id,
    Address,
    SentAt,
}

#[derive(DeriveIden)]
enum FeedbackKeys {
    Table,
    Id,
    Secret,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FeedbackTopics::Table)
                    .col(pk_auto(FeedbackTopics::Id))
                    .col(integer(FeedbackTopics::OrganizationId))
                    .col(string(FeedbackTopics::Name))
                    .col(timestamp_with_time_zone_null(FeedbackTopics::RetiredAt))
                    .col(timestamp_with_time_zone(FeedbackTopics::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FeedbackTopics::Table, FeedbackTopics::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FeedbackItems::Table)
                    .col(pk_auto(FeedbackItems::Id))
                    .col(integer(FeedbackItems::OrganizationId))
                    .col(integer(FeedbackItems::TopicId))
                    .col(text(FeedbackItems::BodyMd))
                    .col(text(FeedbackItems::BodyHtml))
                    .col(string_null(FeedbackItems::Email))
                    .col(timestamp_with_time_zone_null(FeedbackItems::EmailErasedAt))
                    .col(boolean(FeedbackItems::MayPublish).default(false))
                    .col(string(FeedbackItems::Language))
                    .col(string(FeedbackItems::Status).default("new"))
                    .col(integer_null(FeedbackItems::AssigneeId))
                    .col(text_null(FeedbackItems::ReplyMd))
                    .col(timestamp_with_time_zone_null(FeedbackItems::RepliedAt))
                    .col(integer_null(FeedbackItems::RepliedBy))
                    .col(string_null(FeedbackItems::PublishedKind))
                    .col(integer_null(FeedbackItems::PublishedPostId))
                    .col(timestamp_with_time_zone(FeedbackItems::CreatedAt))
                    .col(timestamp_with_time_zone(FeedbackItems::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FeedbackItems::Table, FeedbackItems::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FeedbackItems::Table, FeedbackItems::TopicId)
                            .to(FeedbackTopics::Table, FeedbackTopics::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FeedbackItems::Table, FeedbackItems::AssigneeId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FeedbackItems::Table, FeedbackItems::RepliedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_feedback_items_org_status")
                    .table(FeedbackItems::Table)
                    .col(FeedbackItems::OrganizationId)
                    .col(FeedbackItems::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FeedbackNotes::Table)
                    .col(pk_auto(FeedbackNotes::Id))
                    .col(integer(FeedbackNotes::ItemId))
                    .col(integer(FeedbackNotes::AuthorId))
                    .col(text(FeedbackNotes::Body))
                    .col(timestamp_with_time_zone(FeedbackNotes::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FeedbackNotes::Table, FeedbackNotes::ItemId)
                            .to(FeedbackItems::Table, FeedbackItems::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FeedbackNotes::Table, FeedbackNotes::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FeedbackSendings::Table)
                    .col(pk_auto(FeedbackSendings::Id))
                    .col(string(FeedbackSendings::Address))
                    .col(timestamp_with_time_zone(FeedbackSendings::SentAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_feedback_sendings_address")
                    .table(FeedbackSendings::Table)
                    .col(FeedbackSendings::Address)
                    .col(FeedbackSendings::SentAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FeedbackKeys::Table)
                    .col(pk_auto(FeedbackKeys::Id))
                    .col(string(FeedbackKeys::Secret))
                    .col(timestamp_with_time_zone(FeedbackKeys::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            FeedbackKeys::Table.into_iden(),
            FeedbackSendings::Table.into_iden(),
            FeedbackNotes::Table.into_iden(),
            FeedbackItems::Table.into_iden(),
            FeedbackTopics::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
