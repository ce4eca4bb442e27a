//! Email outbox, second step: a lease so that several app nodes never send the same row at
//! once, the kind of each email and its recipient (for unsubscribing), a stable message key
//! (the `Message-ID`), an optional attachment (the `.ics` of an invitation), and the table of
//! kinds a person has unsubscribed from.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000001_create_people::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EmailOutbox {
    Table,
    Kind,
    UserId,
    MessageKey,
    ClaimedUntil,
    ClaimToken,
    UnsubscribeTokenHash,
    AttachmentName,
    AttachmentType,
    AttachmentBody,
}

#[derive(DeriveIden)]
enum EmailOptOuts {
    Table,
    UserId,
    Kind,
    CreatedAt,
}

/// One column at a time: SQLite allows a single change per `ALTER TABLE`.
fn added(column: ColumnDef) -> TableAlterStatement {
    Table::alter()
        .table(EmailOutbox::Table)
        .add_column(column)
        .to_owned()
}

fn dropped(column: EmailOutbox) -> TableAlterStatement {
    Table::alter()
        .table(EmailOutbox::Table)
        .drop_column(column)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            string(EmailOutbox::Kind).default("general").to_owned(),
            integer_null(EmailOutbox::UserId),
            string_null(EmailOutbox::MessageKey),
            timestamp_with_time_zone_null(EmailOutbox::ClaimedUntil),
            string_null(EmailOutbox::ClaimToken),
            string_null(EmailOutbox::UnsubscribeTokenHash),
            string_null(EmailOutbox::AttachmentName),
            string_null(EmailOutbox::AttachmentType),
            text_null(EmailOutbox::AttachmentBody),
        ] {
            manager.alter_table(added(column)).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_email_outbox_unsubscribe")
                    .table(EmailOutbox::Table)
                    .col(EmailOutbox::UnsubscribeTokenHash)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EmailOptOuts::Table)
                    .col(integer(EmailOptOuts::UserId))
                    .col(string(EmailOptOuts::Kind))
                    .col(timestamp_with_time_zone(EmailOptOuts::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(EmailOptOuts::UserId)
                            .col(EmailOptOuts::Kind),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EmailOptOuts::Table, EmailOptOuts::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EmailOptOuts::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_email_outbox_unsubscribe")
                    .table(EmailOutbox::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            EmailOutbox::AttachmentBody,
            EmailOutbox::AttachmentType,
            EmailOutbox::AttachmentName,
            EmailOutbox::UnsubscribeTokenHash,
            EmailOutbox::ClaimToken,
            EmailOutbox::ClaimedUntil,
            EmailOutbox::MessageKey,
            EmailOutbox::UserId,
            EmailOutbox::Kind,
        ] {
            manager.alter_table(dropped(column)).await?;
        }
        Ok(())
    }
}
