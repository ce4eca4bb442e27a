//! Follows, notifications and their email (issue 16): what each person follows, what the site
//! tells them, how they want it by email per kind, and the digests already sent (unique per
//! person and period, so no node and no crash ever sends one twice).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Follows {
    Table,
    Id,
    UserId,
    /// "post" | "label" | "organization" | "person" | "panel"
    TargetKind,
    TargetId,
    /// `false`: the person turned off a follow that would otherwise be automatic.
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    ActorId,
    PostId,
    CommentId,
    /// The moderation decision's reason, when there is one.
    Detail,
    CreatedAt,
    ReadAt,
    /// When an immediate email went (or was folded into another); `None` until then.
    EmailedAt,
}

#[derive(DeriveIden)]
enum NotificationPrefs {
    Table,
    UserId,
    /// The local hour (0–23, Europe/Helsinki) of the digests.
    DigestHour,
    /// Minutes within which immediate emails of one thread are combined.
    CombineMinutes,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum NotificationDelivery {
    Table,
    UserId,
    Kind,
    /// "immediately" | "daily" | "weekly" | "never"
    Delivery,
}

#[derive(DeriveIden)]
enum SentDigests {
    Table,
    Id,
    UserId,
    /// "daily:2026-12-07" | "weekly:2026-W50"
    Period,
    Items,
    SentAt,
}

#[derive(DeriveIden)]
enum Handles {
    Table,
    Id,
    UserId,
    /// Lower-case, URL-safe; every handle a person ever had stays theirs and still resolves.
    Handle,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Follows::Table)
                    .col(pk_auto(Follows::Id))
                    .col(integer(Follows::UserId))
                    .col(string(Follows::TargetKind))
                    .col(integer(Follows::TargetId))
                    .col(boolean(Follows::Active).default(true))
                    .col(timestamp_with_time_zone(Follows::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Follows::Table, Follows::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_follows_person_target")
                    .table(Follows::Table)
                    .col(Follows::UserId)
                    .col(Follows::TargetKind)
                    .col(Follows::TargetId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_follows_target")
                    .table(Follows::Table)
                    .col(Follows::TargetKind)
                    .col(Follows::TargetId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(pk_auto(Notifications::Id))
                    .col(integer(Notifications::UserId))
                    .col(string(Notifications::Kind))
                    .col(integer_null(Notifications::ActorId))
                    .col(integer_null(Notifications::PostId))
                    .col(integer_null(Notifications::CommentId))
                    .col(text_null(Notifications::Detail))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .col(timestamp_with_time_zone_null(Notifications::EmailedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notifications::Table, Notifications::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_person_created")
                    .table(Notifications::Table)
                    .col(Notifications::UserId)
                    .col(Notifications::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationPrefs::Table)
                    .col(integer(NotificationPrefs::UserId).primary_key())
                    .col(integer(NotificationPrefs::DigestHour).default(7))
                    .col(integer(NotificationPrefs::CombineMinutes).default(5))
                    .col(timestamp_with_time_zone(NotificationPrefs::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(NotificationPrefs::Table, NotificationPrefs::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationDelivery::Table)
                    .col(integer(NotificationDelivery::UserId))
                    .col(string(NotificationDelivery::Kind))
                    .col(string(NotificationDelivery::Delivery))
                    .primary_key(
                        Index::create()
                            .col(NotificationDelivery::UserId)
                            .col(NotificationDelivery::Kind),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(NotificationDelivery::Table, NotificationDelivery::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SentDigests::Table)
                    .col(pk_auto(SentDigests::Id))
                    .col(integer(SentDigests::UserId))
                    .col(string(SentDigests::Period))
                    .col(integer(SentDigests::Items))
                    .col(timestamp_with_time_zone(SentDigests::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SentDigests::Table, SentDigests::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sent_digests_person_period")
                    .table(SentDigests::Table)
                    .col(SentDigests::UserId)
                    .col(SentDigests::Period)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Handles::Table)
                    .col(pk_auto(Handles::Id))
                    .col(integer(Handles::UserId))
                    .col(string(Handles::Handle).unique_key())
                    .col(timestamp_with_time_zone(Handles::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Handles::Table, Handles::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_handles_person")
                    .table(Handles::Table)
                    .col(Handles::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Handles::Table.into_iden(),
            SentDigests::Table.into_iden(),
            NotificationDelivery::Table.into_iden(),
            NotificationPrefs::Table.into_iden(),
            Notifications::Table.into_iden(),
            Follows::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
